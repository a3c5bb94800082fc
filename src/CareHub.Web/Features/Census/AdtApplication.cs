using CareHub.Data;
using CareHub.Domain.Encounters;
using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using CareHub.Domain.Tasks;
using CareHub.Domain.Transitions;
using CareHub.Interop.Acks;
using CareHub.Interop.Adt;
using CareHub.Web.Calendar;
using Microsoft.EntityFrameworkCore;
using DomainStatus = CareHub.Domain.Encounters.EncounterStatus;
using InboundStatus = CareHub.Domain.Interop.InboundMessageStatus;

namespace CareHub.Web.Features.Census;

/// <summary>
/// Applies one ADT event to the record, inside the caller's transaction (a system scope: the feed sees every team).
/// Patients are matched by MRN within the assigning authority (a new MRN registers a patient, who joins
/// <see cref="CensusOptions.NewPatientTeam"/>); the stay by visit number (PV1-19), else the patient's current stay at the
/// facility. Encounter status follows the HL7 v2-to-FHIR mapping (<see cref="AdtMapping.EncounterStatusFor"/>); an event
/// older than the last one applied to the stay is acknowledged and not applied, so a late message never moves a
/// patient backwards. A discharge to the community starts the transition of care: its three tasks, with their clocks.
/// Rule violations are answered with the reason (AE); nothing of the message is kept then.
/// </summary>
public sealed class AdtApplication(CensusOptions settings, WorkCalendar calendar)
{
    // The lookups every message makes, compiled once: EF then skips translating (and caching) the query each time.
    private static readonly Func<CareHubDbContext, string, string?, IAsyncEnumerable<Patient>> PatientsByMrn =
        EF.CompileAsyncQuery((CareHubDbContext db, string mrn, string? authority) =>
            db.Patients.Include(p => p.Teams).Where(p => p.Mrn == mrn && (authority == null || p.AssigningAuthority == authority)).Take(2));

    private static readonly Func<CareHubDbContext, Guid, CancellationToken, Task<Patient>> PatientById =
        EF.CompileAsyncQuery((CareHubDbContext db, Guid id, CancellationToken _) => db.Patients.Include(p => p.Teams).First(p => p.Id == id));

    private static readonly Func<CareHubDbContext, Guid, Guid, string, CancellationToken, Task<Encounter?>> StayByVisit =
        EF.CompileAsyncQuery((CareHubDbContext db, Guid patientId, Guid facilityId, string visitNumber, CancellationToken _) =>
            db.Encounters.Where(e => e.PatientId == patientId && e.FacilityId == facilityId && e.VisitNumber == visitNumber)
                .OrderByDescending(e => e.AdmittedAt).FirstOrDefault());

    private static readonly Func<CareHubDbContext, Guid, Guid, CancellationToken, Task<Encounter?>> CurrentStay =
        EF.CompileAsyncQuery((CareHubDbContext db, Guid patientId, Guid facilityId, CancellationToken _) =>
            db.Encounters.Where(e => e.PatientId == patientId && e.FacilityId == facilityId
                    && (e.Status == DomainStatus.InProgress || e.Status == DomainStatus.Planned))
                .OrderByDescending(e => e.Status == DomainStatus.Finished ? e.DischargedAt : e.AdmittedAt).FirstOrDefault());

    private static readonly Func<CareHubDbContext, Guid, Guid, CancellationToken, Task<Encounter?>> LastFinishedStay =
        EF.CompileAsyncQuery((CareHubDbContext db, Guid patientId, Guid facilityId, CancellationToken _) =>
            db.Encounters.Where(e => e.PatientId == patientId && e.FacilityId == facilityId && e.Status == DomainStatus.Finished)
                .OrderByDescending(e => e.Status == DomainStatus.Finished ? e.DischargedAt : e.AdmittedAt).FirstOrDefault());

    /// <summary>The facilities messages name, kept between messages (see <see cref="AdtFacilities"/>).</summary>
    public AdtFacilities Facilities { get; } = new();

    public async Task<AdtApplied> ApplyAsync(CareHubDbContext db, AdtMessage adt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var eventAt = Utc(adt.EventAt);
        if (adt.Event == AdtEvent.A40)
            return await MergeAsync(db, adt, cancellationToken);

        var (patient, created) = await FindOrRegisterAsync(db, adt, cancellationToken);
        if (patient is null)
            return AdtApplied.Fail($"MRN {adt.Patient.Mrn} is not known to CareHub, and a new patient needs a family name, a given name and a birth date (PID-5, PID-7).",
                "PID", 5, Hl7ErrorCode.RequiredFieldMissing);
        if (adt.Event == AdtEvent.A08 || created)
            UpdateDemographics(patient, adt.Patient);
        if (adt.Event == AdtEvent.A08 && adt.Visit is null)
            return Applied(patient, null, "Patient details updated.");

        var visit = adt.Visit ?? throw new Domain.Common.DomainRuleException("This event needs a visit (PV1).");
        var facility = await FacilityOfAsync(db, adt, cancellationToken);
        if (facility is null)
            return AdtApplied.Fail($"Facility '{visit.Location?.Facility ?? adt.SendingFacility}' is not known to CareHub (PV1-3.4 or MSH-4).",
                "PV1", 3, Hl7ErrorCode.UnknownKeyIdentifier);
        var unit = UnitOf(facility, visit.Location);
        var encounterClass = ClassOf(visit, facility, unit);

        var encounter = await FindStayAsync(db, patient.Id, facility.Id, visit.VisitNumber, adt.Event, cancellationToken);
        if (encounter is not null && !encounter.IsCurrentFor(eventAt))
            return AdtApplied.Skip($"Older than the last event applied to this stay; acknowledged, not applied ({adt.Event}).", patient.Id);

        string result;
        switch (adt.Event)
        {
            case AdtEvent.A01 or AdtEvent.A04:
                if (encounterClass is null)
                    return AdtApplied.Skip("An outpatient visit is not on the census; acknowledged, not applied.", patient.Id);
                var admittedAt = AdmittedAt(visit, eventAt);
                if (encounter is { Status: DomainStatus.Planned })
                    encounter.Begin(admittedAt, encounterClass.Value, unit?.Id, BedOf(visit.Location));
                else if (encounter is { IsActive: true })
                {
                    // The same stay sent again as an admission: keep one stay, take its class and place.
                    if (encounter.Class != encounterClass.Value)
                        encounter.ChangeClass(encounterClass.Value);
                    if (unit is not null && unit.Id != encounter.UnitId)
                        encounter.Transfer(unit.Id, BedOf(visit.Location), eventAt);
                }
                else
                {
                    encounter = Encounter.Admit(patient.Id, facility.Id, unit?.Id, BedOf(visit.Location), encounterClass.Value, admittedAt, visit.VisitNumber);
                    db.Encounters.Add(encounter);
                }
                result = $"{Describe(encounterClass.Value)} at {facility.Code}{At(unit)}.";
                break;
            case AdtEvent.A05:
                if (encounterClass is null)
                    return AdtApplied.Skip("A pre-admission for an outpatient visit is not on the census; acknowledged, not applied.", patient.Id);
                if (encounter is null)
                {
                    encounter = Encounter.PreAdmit(patient.Id, facility.Id, unit?.Id, BedOf(visit.Location), encounterClass.Value,
                        AdmittedAt(visit, eventAt), visit.VisitNumber);
                    db.Encounters.Add(encounter);
                }
                result = $"Pre-admitted to {facility.Code}{At(unit)}.";
                break;
            case AdtEvent.A06 or AdtEvent.A07:
            {
                var newClass = adt.Event == AdtEvent.A06 ? (facility.Kind == FacilityKind.SkilledNursingFacility ? EncounterClass.SkilledNursing : EncounterClass.Inpatient)
                    : encounterClass ?? EncounterClass.Observation;
                if (encounter is not { IsActive: true })
                {
                    encounter = Encounter.Admit(patient.Id, facility.Id, unit?.Id, BedOf(visit.Location), newClass, AdmittedAt(visit, eventAt), visit.VisitNumber);
                    db.Encounters.Add(encounter);
                }
                else
                {
                    encounter.ChangeClass(newClass);
                    if (unit is not null && unit.Id != encounter.UnitId)
                        encounter.Transfer(unit.Id, BedOf(visit.Location), eventAt);
                }
                result = $"Now {Describe(newClass).ToLowerInvariant()} at {facility.Code}{At(unit)}.";
                break;
            }
            case AdtEvent.A02:
                encounter = RequireActive(encounter, "transfer");
                if (unit is null)
                    return AdtApplied.Fail($"Unit '{visit.Location?.PointOfCare}' is not a unit of {facility.Code} (PV1-3.1).", "PV1", 3, Hl7ErrorCode.UnknownKeyIdentifier);
                encounter.Transfer(unit.Id, BedOf(visit.Location), eventAt);
                result = $"Transferred to {facility.Code}{At(unit)}.";
                break;
            case AdtEvent.A03:
                encounter = RequireActive(encounter, "discharge");
                var dischargedAt = visit.DischargeAt is { } discharge ? Utc(discharge) : eventAt;
                var disposition = DispositionOf(visit.DischargeDisposition);
                encounter.Discharge(dischargedAt, disposition);
                result = $"Discharged from {facility.Code} ({Describe(disposition)})";
                result += await StartTransitionAsync(db, patient, encounter, now, cancellationToken);
                break;
            case AdtEvent.A08:
                if (encounter is { IsActive: true })
                {
                    if (visit.ExpectedDischargeAt is { } expected)
                        encounter.ExpectDischarge(Utc(expected));
                    if (unit is not null && unit.Id != encounter.UnitId)
                        encounter.Transfer(unit.Id, BedOf(visit.Location), eventAt);
                }
                result = "Patient and visit details updated.";
                break;
            case AdtEvent.A11:
                encounter = encounter is { Status: DomainStatus.InProgress or DomainStatus.Planned } ? encounter
                    : throw new Domain.Common.DomainRuleException("There is no current stay to cancel for this patient at this facility.");
                encounter.Cancel();
                result = $"Admission at {facility.Code} cancelled (entered in error).";
                break;
            case AdtEvent.A12:
                encounter = RequireActive(encounter, "cancel a transfer of");
                encounter.CancelTransfer(unit?.Id, BedOf(visit.Location));
                result = "Transfer cancelled: the patient is back where they were.";
                break;
            case AdtEvent.A13:
                encounter = encounter is { Status: DomainStatus.Finished } ? encounter
                    : throw new Domain.Common.DomainRuleException("There is no discharge to cancel for this patient at this facility.");
                encounter.CancelDischarge();
                result = "Discharge cancelled: the patient is in the facility again" + await StopTransitionAsync(db, encounter, cancellationToken);
                break;
            default:
                return AdtApplied.Fail($"Event {adt.Event} is not applied by CareHub.", "MSH", 9, Hl7ErrorCode.UnsupportedEventCode);
        }

        if (encounter is null)
            return Applied(patient, null, result);
        if (adt.Event is AdtEvent.A01 or AdtEvent.A02 or AdtEvent.A04 or AdtEvent.A06 or AdtEvent.A07 && encounter.IsActive
            && visit.ExpectedDischargeAt is { } expectedAt)
            encounter.ExpectDischarge(Utc(expectedAt));
        encounter.Touched(eventAt);
        return Applied(patient, encounter, result);
    }

    private static AdtApplied Applied(Patient patient, Encounter? encounter, string result) =>
        new(InboundStatus.Applied, result, patient.Id, [.. patient.Teams.Select(t => t.TeamId)], (encounter?.Version ?? 0) + (patient.Version));

    private static Encounter RequireActive(Encounter? encounter, string verb) =>
        encounter is { IsActive: true } ? encounter
        : throw new Domain.Common.DomainRuleException($"There is no current stay to {verb} for this patient at this facility.");

    /// <summary>The patient by MRN and assigning authority (a merged record leads to its survivor); a new MRN registers one.</summary>
    private async Task<(Patient? Patient, bool Created)> FindOrRegisterAsync(CareHubDbContext db, AdtMessage adt, CancellationToken cancellationToken)
    {
        var patient = await FindPatientAsync(db, adt.Patient.Mrn, adt.Patient.AssigningAuthority, cancellationToken);
        if (patient is not null)
            return (patient, false);

        var p = adt.Patient;
        if (string.IsNullOrWhiteSpace(p.FamilyName) || string.IsNullOrWhiteSpace(p.GivenName) || p.BirthDate is null)
            return (null, false);
        patient = new Patient(p.Mrn, p.AssigningAuthority ?? adt.SendingFacility ?? "UNKNOWN", p.GivenName, p.FamilyName, p.BirthDate.Value, SexOf(p.Sex) ?? AdministrativeSex.Unknown);
        if (settings.NewPatientTeam is { } teamName
            && await db.CareTeams.Where(t => t.Name == teamName).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken) is { } teamId)
            patient.EnrolIn(teamId);
        db.Patients.Add(patient);
        return (patient, true);
    }

    private static async Task<Patient?> FindPatientAsync(CareHubDbContext db, string mrn, string? authority, CancellationToken cancellationToken)
    {
        Patient? patient = null;
        var found = 0;
        await foreach (var candidate in PatientsByMrn(db, mrn, authority).WithCancellation(cancellationToken))
        {
            patient = candidate;
            found++;
        }
        // Without an assigning authority an MRN is matched only when it is unambiguous.
        if (found != 1)
            return null;
        for (var hops = 0; patient!.MergedIntoId is { } survivorId && hops < 5; hops++)
            patient = await PatientById(db, survivorId, cancellationToken);
        return patient;
    }

    /// <summary>HL7 A40: the prior record's stays and tasks move to the survivor, who joins its teams; the prior record is marked merged.</summary>
    private static async Task<AdtApplied> MergeAsync(CareHubDbContext db, AdtMessage adt, CancellationToken cancellationToken)
    {
        var merge = adt.Merge!;
        var survivor = await FindPatientAsync(db, adt.Patient.Mrn, adt.Patient.AssigningAuthority, cancellationToken);
        if (survivor is null)
            return AdtApplied.Fail($"The surviving MRN {adt.Patient.Mrn} is not known to CareHub (PID-3).", "PID", 3, Hl7ErrorCode.UnknownKeyIdentifier);
        var prior = await db.Patients.Include(p => p.Teams)
            .FirstOrDefaultAsync(p => p.Mrn == merge.PriorMrn && (merge.PriorAssigningAuthority == null || p.AssigningAuthority == merge.PriorAssigningAuthority), cancellationToken);
        if (prior is null || prior.Id == survivor.Id)
            return AdtApplied.Skip("The prior MRN (MRG-1) is not a separate record in CareHub: nothing to merge.", survivor.Id);
        if (prior.MergedIntoId is not null)
            return AdtApplied.Skip("The prior record was merged already.", survivor.Id);

        prior.MergeInto(survivor.Id);
        foreach (var team in prior.Teams)
            survivor.EnrolIn(team.TeamId);
        foreach (var encounter in await db.Encounters.Where(e => e.PatientId == prior.Id).ToListAsync(cancellationToken))
            encounter.MoveTo(survivor.Id);
        foreach (var task in await db.Tasks.Where(t => t.PatientId == prior.Id && t.Status == CareTaskStatus.Open).ToListAsync(cancellationToken))
            task.MoveTo(survivor.Id);
        return new AdtApplied(InboundStatus.Applied, "Records merged: stays and open tasks moved to the surviving record; care plan and referrals stay on the merged record.",
            survivor.Id, [.. survivor.Teams.Select(t => t.TeamId)], survivor.Version);
    }

    private static void UpdateDemographics(Patient patient, AdtPatient p)
    {
        if (!string.IsNullOrWhiteSpace(p.GivenName) && !string.IsNullOrWhiteSpace(p.FamilyName))
            patient.UpdateDemographics(p.GivenName, p.FamilyName, p.BirthDate, SexOf(p.Sex));
    }

    private Task<Facility?> FacilityOfAsync(CareHubDbContext db, AdtMessage adt, CancellationToken cancellationToken) =>
        Facilities.FindAsync(db, adt.Visit?.Location?.Facility ?? adt.SendingFacility, adt.Visit?.Location?.PointOfCare, cancellationToken);

    /// <summary>PV1-3's room and bed as one label ("412-B"), as the census shows it.</summary>
    private static string? BedOf(AdtLocation? location) =>
        (location?.Room, location?.Bed) switch
        {
            ({ Length: > 0 } room, { Length: > 0 } bed) => $"{room}-{bed}",
            ({ Length: > 0 } room, _) => room,
            (_, { Length: > 0 } bed) => bed,
            _ => null,
        };

    private static FacilityUnit? UnitOf(Facility facility, AdtLocation? location) =>
        location?.PointOfCare is { } code ? facility.Units.FirstOrDefault(u => string.Equals(u.Code, code.Trim(), StringComparison.OrdinalIgnoreCase)) : null;

    /// <summary>
    /// PV1-2 to what care management follows: E is an ED visit; I an inpatient stay (a skilled nursing stay in a SNF);
    /// O is an observation stay when PV1-18 says OBS or the unit is an observation unit, otherwise an outpatient visit,
    /// which is not on the census (null); P (pre-admit) takes the unit's kind.
    /// </summary>
    internal static EncounterClass? ClassOf(AdtVisit visit, Facility facility, FacilityUnit? unit)
    {
        if (facility.Kind == FacilityKind.SkilledNursingFacility || unit?.Kind == UnitKind.SkilledNursing)
            return EncounterClass.SkilledNursing;
        return visit.PatientClass switch
        {
            AdtPatientClass.Emergency => EncounterClass.Emergency,
            AdtPatientClass.Inpatient or AdtPatientClass.Obstetrics => EncounterClass.Inpatient,
            AdtPatientClass.Outpatient when string.Equals(visit.PatientType?.Trim(), "OBS", StringComparison.OrdinalIgnoreCase)
                || unit?.Kind == UnitKind.Observation => EncounterClass.Observation,
            AdtPatientClass.Preadmit => unit?.Kind switch
            {
                UnitKind.Observation => EncounterClass.Observation,
                UnitKind.Emergency => EncounterClass.Emergency,
                _ => EncounterClass.Inpatient,
            },
            _ => null,
        };
    }

    /// <summary>PV1-36 (HL7 table 0112, the UB-04 patient status codes) to a disposition.</summary>
    internal static DischargeDisposition DispositionOf(string? code) => code?.Trim() switch
    {
        "06" or "6" => DischargeDisposition.HomeWithHomeHealth,
        "03" or "3" or "61" or "64" => DischargeDisposition.SkilledNursingFacility,
        "62" or "90" => DischargeDisposition.Rehabilitation,
        "50" or "51" => DischargeDisposition.Hospice,
        "07" or "7" => DischargeDisposition.LeftAgainstMedicalAdvice,
        "20" or "40" or "41" or "42" => DischargeDisposition.Expired,
        "02" or "2" or "05" or "5" or "65" or "66" or "70" => DischargeDisposition.TransferredToAcuteCare,
        _ => DischargeDisposition.Home,
    };

    private static AdministrativeSex? SexOf(AdtSex? sex) => sex switch
    {
        AdtSex.Female => AdministrativeSex.Female,
        AdtSex.Male => AdministrativeSex.Male,
        AdtSex.Other or AdtSex.Ambiguous => AdministrativeSex.Other,
        AdtSex.Unknown or AdtSex.NotApplicable => AdministrativeSex.Unknown,
        _ => null,
    };

    /// <summary>The stay an event is about: by visit number, else the patient's latest stay at the facility that the event can act on.</summary>
    private static async Task<Encounter?> FindStayAsync(CareHubDbContext db, Guid patientId, Guid facilityId, string? visitNumber, AdtEvent adtEvent,
        CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(visitNumber))
        {
            var byVisit = await StayByVisit(db, patientId, facilityId, visitNumber, cancellationToken);
            if (byVisit is not null)
                return byVisit;
            // A visit number never seen is a new stay, except for events that act on one already there.
            if (adtEvent is AdtEvent.A01 or AdtEvent.A04 or AdtEvent.A05)
                return null;
        }
        return adtEvent == AdtEvent.A13 ? await LastFinishedStay(db, patientId, facilityId, cancellationToken) : await CurrentStay(db, patientId, facilityId, cancellationToken);
    }

    /// <summary>
    /// A discharge to the community from a hospital stay (inpatient, observation) or a SNF starts the transition of care:
    /// the contact, visit and medication reconciliation tasks for the patient's coordinator, with their clocks. The visit
    /// is due within 7 days when the LACE index is high, else 14.
    /// </summary>
    private async Task<string> StartTransitionAsync(CareHubDbContext db, Patient patient, Encounter encounter, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (encounter.Class == EncounterClass.Emergency || encounter.Disposition is not { } disposition || !TransitionOfCare.StartsTransition(disposition))
            return ".";
        var owner = await OwnerAsync(db, patient, cancellationToken);
        if (owner is null)
            return "; no care team member to give the transition of care to.";

        var lace = await LaceAsync(db, patient, encounter, cancellationToken);
        var plan = TransitionOfCare.Plan(encounter.DischargedAt!.Value, TransitionOfCare.ComplexityFor(lace), calendar.BusinessDays, calendar.Zone);
        foreach (var clock in plan)
            db.Tasks.Add(CareTask.ForTransition(patient.Id, owner.Value.TeamId, encounter.Id, clock, owner.Value.StaffId, now));
        return $"; transition of care started ({plan.Count} tasks, LACE {lace.Total}).";
    }

    private static async Task<string> StopTransitionAsync(CareHubDbContext db, Encounter encounter, CancellationToken cancellationToken)
    {
        var open = await db.Tasks.Where(t => t.EncounterId == encounter.Id && t.Status == CareTaskStatus.Open
            && CareTask.TransitionKinds.Contains(t.Kind))
            .ToListAsync(cancellationToken);
        foreach (var task in open)
            task.Cancel();
        return open.Count == 0 ? "." : $"; {open.Count} transition tasks cancelled.";
    }

    /// <summary>The attributed coordinator on one of the patient's teams, else a coordinator (then anyone) of the first team.</summary>
    private static async Task<(Guid StaffId, Guid TeamId)?> OwnerAsync(CareHubDbContext db, Patient patient, CancellationToken cancellationToken)
    {
        var teamIds = patient.Teams.Select(t => t.TeamId).ToList();
        if (teamIds.Count == 0)
            return null;
        var members = await db.TeamMemberships.AsNoTracking()
            .Where(m => teamIds.Contains(m.TeamId))
            .Join(db.Staff, m => m.StaffId, s => s.Id, (m, s) => new { m.TeamId, m.StaffId, s.Role })
            .ToListAsync(cancellationToken);
        var chosen = members.FirstOrDefault(m => m.StaffId == patient.AttributedCoordinatorId)
            ?? members.Where(m => m.Role == StaffRole.Coordinator).OrderBy(m => teamIds.IndexOf(m.TeamId)).ThenBy(m => m.StaffId).FirstOrDefault()
            ?? members.OrderBy(m => teamIds.IndexOf(m.TeamId)).ThenBy(m => m.StaffId).FirstOrDefault();
        return chosen is null ? null : (chosen.StaffId, chosen.TeamId);
    }

    private static async Task<LaceIndex> LaceAsync(CareHubDbContext db, Patient patient, Encounter encounter, CancellationToken cancellationToken)
    {
        var conditions = await db.Conditions.AsNoTracking().Where(c => c.PatientId == patient.Id).ToListAsync(cancellationToken);
        var since = encounter.AdmittedAt.AddMonths(-6);
        var visits = await db.Encounters.AsNoTracking()
            .Where(e => e.PatientId == patient.Id && e.Class == EncounterClass.Emergency && e.Status != DomainStatus.Cancelled && e.Id != encounter.Id
                && e.AdmittedAt >= since)
            .Select(e => new { e.Class, e.AdmittedAt })
            .ToListAsync(cancellationToken);
        return LaceIndex.Score(encounter.LengthOfStayDays(encounter.DischargedAt ?? encounter.AdmittedAt),
            LaceIndex.IsEmergent(encounter.Class, encounter.CameThroughEmergency), Condition.CharlsonPoints(conditions),
            LaceIndex.EmergencyVisitsBefore(visits.Select(v => (v.Class, v.AdmittedAt)), encounter.AdmittedAt));
    }

    private DateTimeOffset AdmittedAt(AdtVisit visit, DateTimeOffset eventAt) => visit.AdmitAt is { } at ? Utc(at) : eventAt;

    // Stored times are UTC: SQLite compares date-time offsets by their clock time, so every stored instant has one offset.
    private DateTimeOffset Utc(Interop.Hl7.Hl7DateTime at) => at.Resolve(calendar.Zone).ToUniversalTime();

    private static string At(FacilityUnit? unit) => unit is null ? string.Empty : $" {unit.Code}";

    private static string Describe(EncounterClass encounterClass) => encounterClass switch
    {
        EncounterClass.Emergency => "Emergency department visit",
        EncounterClass.Observation => "Observation stay",
        EncounterClass.SkilledNursing => "Skilled nursing stay",
        _ => "Inpatient admission",
    };

    private static string Describe(DischargeDisposition disposition) => disposition switch
    {
        DischargeDisposition.HomeWithHomeHealth => "home with home health",
        DischargeDisposition.SkilledNursingFacility => "to a skilled nursing facility",
        DischargeDisposition.Rehabilitation => "to rehabilitation",
        DischargeDisposition.Hospice => "to hospice",
        DischargeDisposition.LeftAgainstMedicalAdvice => "left against medical advice",
        DischargeDisposition.Expired => "expired",
        DischargeDisposition.TransferredToAcuteCare => "transferred to acute care",
        _ => "home",
    };
}
