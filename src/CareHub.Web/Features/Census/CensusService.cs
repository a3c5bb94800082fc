using System.Linq.Expressions;
using CareHub.Data;
using CareHub.Data.Auditing;
using CareHub.Domain.Encounters;
using CareHub.Domain.Patients;
using CareHub.Domain.Referrals;
using CareHub.Domain.Tasks;
using CareHub.Web.Calendar;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Census;

/// <summary>
/// Reads the census of the user's teams through their access scope: every patient in a facility now and every patient
/// discharged today (local day), one row per patient (their current stay, else today's discharge), with the length of
/// stay, a 30-day readmission flag, the LACE index and its parts, the coordinator, the transition call due and the
/// open referrals. A handful of set-based queries whatever the number of rows; every read is audited with the
/// patients shown. Another team's patient is not there, exactly like one that does not exist.
/// </summary>
public sealed class CensusService(IDbContextFactory<CareHubDbContext> contexts, WorkCalendar calendar, TimeProvider clock) : ICensusReader
{
    public const string AuditCategory = "Census";

    /// <summary>A stay that begins within this many days of an inpatient discharge is a readmission.</summary>
    public const int ReadmissionDays = 30;

    public async Task<CensusBoard> LoadAsync(Guid? teamId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var facilities = await db.Facilities.AsNoTracking().OrderBy(f => f.Name)
            .Select(f => new CensusFacility(f.Id, f.Code, f.Name, f.Kind)).ToListAsync(cancellationToken);
        if (db.Scope.TeamIds.Count == 0 || (teamId is { } team && !db.Scope.IsMemberOf(team)))
            return new CensusBoard([], facilities, now);

        Expression<Func<Encounter, bool>> inTeam = teamId is { } id
            ? e => db.PatientTeams.Any(t => t.PatientId == e.PatientId && t.TeamId == id)
            : e => true;
        var rows = await RowsAsync(db, inTeam, now, cancellationToken);
        db.RecordReads(AuditCategory, rows.Select(r => r.PatientId));
        await db.SaveChangesAsync(cancellationToken);
        return new CensusBoard(rows, facilities, now);
    }

    public async Task<CensusRow?> LoadRowAsync(Guid patientId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (db.Scope.TeamIds.Count == 0)
            return null;
        var rows = await RowsAsync(db, e => e.PatientId == patientId, clock.GetUtcNow(), cancellationToken);
        if (rows.Count == 0)
            return null;
        db.RecordRead(AuditCategory, patientId);
        await db.SaveChangesAsync(cancellationToken);
        return rows[0];
    }

    public async Task<IReadOnlyList<CensusTeam>> TeamsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mine = db.Scope.TeamIds;
        return await db.CareTeams.AsNoTracking().Where(t => mine.Contains(t.Id)).OrderBy(t => t.Name)
            .Select(t => new CensusTeam(t.Id, t.Name)).ToListAsync(cancellationToken);
    }

    private async Task<List<CensusRow>> RowsAsync(CareHubDbContext db, Expression<Func<Encounter, bool>> filter, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var startOfToday = calendar.StartOf(calendar.DateOf(now));
        var stays = await db.Encounters.AsNoTracking()
            .Where(filter)
            .Where(e => e.Status == EncounterStatus.InProgress || (e.Status == EncounterStatus.Finished && e.DischargedAt >= startOfToday))
            .Join(db.Patients.Where(p => p.MergedIntoId == null), e => e.PatientId, p => p.Id, (e, p) => new
            {
                e.Id, e.PatientId, e.Version, e.FacilityId, e.UnitId, e.Bed, e.Class, e.Status, e.AdmittedAt, e.ExpectedDischargeAt,
                e.DischargedAt, e.Disposition, e.CameThroughEmergency, p.Mrn, p.FamilyName, p.GivenName, p.BirthDate, p.AttributedCoordinatorId,
            })
            .ToListAsync(cancellationToken);
        // One row per patient: the stay in progress (the latest, should a feed leave two open), else today's discharge.
        var current = stays
            .GroupBy(s => s.PatientId)
            .Select(g => g.OrderByDescending(s => s.Status == EncounterStatus.InProgress).ThenByDescending(s => s.AdmittedAt).First())
            .ToList();
        if (current.Count == 0)
            return [];

        var patientIds = current.Select(s => s.PatientId).ToList();
        var earliest = current.Min(s => s.AdmittedAt).AddMonths(-6);
        var history = (await db.Encounters.AsNoTracking()
                .Where(e => patientIds.Contains(e.PatientId) && e.Status != EncounterStatus.Cancelled && e.AdmittedAt >= earliest.AddDays(-ReadmissionDays))
                .Select(e => new { e.Id, e.PatientId, e.Class, e.Status, e.AdmittedAt, e.DischargedAt })
                .ToListAsync(cancellationToken))
            .ToLookup(e => e.PatientId);
        var conditions = (await db.Conditions.AsNoTracking().Where(c => patientIds.Contains(c.PatientId)).ToListAsync(cancellationToken))
            .ToLookup(c => c.PatientId);
        var teams = (await db.PatientTeams.AsNoTracking().Where(t => patientIds.Contains(t.PatientId)).ToListAsync(cancellationToken))
            .ToLookup(t => t.PatientId, t => t.TeamId);
        var calls = await db.Tasks.AsNoTracking()
            .Where(t => patientIds.Contains(t.PatientId) && t.Status == CareTaskStatus.Open && t.Kind == CareTaskKind.TransitionContact)
            .GroupBy(t => t.PatientId)
            .Select(g => new { PatientId = g.Key, DueAt = g.Min(t => t.DueAt) })
            .ToDictionaryAsync(t => t.PatientId, t => t.DueAt, cancellationToken);
        var referrals = await db.Referrals.AsNoTracking()
            .Where(r => patientIds.Contains(r.PatientId) && r.Status != ReferralStatus.Completed && r.Status != ReferralStatus.Failed
                && r.Status != ReferralStatus.Cancelled && r.Status != ReferralStatus.Rejected && r.Status != ReferralStatus.EnteredInError)
            .GroupBy(r => r.PatientId)
            .Select(g => new { PatientId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(r => r.PatientId, r => r.Count, cancellationToken);
        var coordinatorIds = current.Where(s => s.AttributedCoordinatorId is not null).Select(s => s.AttributedCoordinatorId!.Value).Distinct().ToList();
        var coordinators = await db.Staff.AsNoTracking().Where(s => coordinatorIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.GivenName + " " + s.FamilyName, cancellationToken);
        var places = await db.Facilities.AsNoTracking().Include(f => f.Units).ToListAsync(cancellationToken);
        var facilityNames = places.ToDictionary(f => f.Id, f => f.Name);
        var unitNames = places.SelectMany(f => f.Units).ToDictionary(u => u.Id, u => u.Name);
        var today = calendar.DateOf(now);

        var rows = new List<CensusRow>(current.Count);
        foreach (var s in current)
        {
            var earlier = history[s.PatientId].Where(e => e.Id != s.Id && e.AdmittedAt < s.AdmittedAt).ToList();
            var readmission = earlier.Any(e => e.Class == EncounterClass.Inpatient && e.DischargedAt is { } out_
                && out_ <= s.AdmittedAt && out_ >= s.AdmittedAt.AddDays(-ReadmissionDays));
            var lengthOfStay = Math.Max(0, (int)((s.DischargedAt ?? now) - s.AdmittedAt).TotalDays);
            var lace = LaceIndex.Score(lengthOfStay, LaceIndex.IsEmergent(s.Class, s.CameThroughEmergency),
                Condition.CharlsonPoints(conditions[s.PatientId]),
                LaceIndex.EmergencyVisitsBefore(earlier.Select(e => (e.Class, e.AdmittedAt)), s.AdmittedAt));
            rows.Add(new CensusRow
            {
                PatientId = s.PatientId,
                EncounterId = s.Id,
                Version = s.Version,
                Mrn = s.Mrn,
                Name = $"{s.FamilyName}, {s.GivenName}",
                Age = AgeOn(s.BirthDate, today),
                FacilityId = s.FacilityId,
                Facility = facilityNames.GetValueOrDefault(s.FacilityId, "Unknown facility"),
                Unit = s.UnitId is { } unit ? unitNames.GetValueOrDefault(unit) : null,
                Bed = s.Bed,
                Class = s.Class,
                Place = s.Status == EncounterStatus.InProgress ? CensusPlace.InHouse : CensusPlace.DischargedToday,
                AdmittedAt = s.AdmittedAt,
                ExpectedDischargeAt = s.ExpectedDischargeAt,
                DischargedAt = s.DischargedAt,
                Disposition = s.Disposition,
                LengthOfStayDays = lengthOfStay,
                Readmission = readmission,
                Lace = new CensusLace(lace.Length, lace.Acuity, lace.Comorbidity, lace.EmergencyVisits),
                CoordinatorId = s.AttributedCoordinatorId,
                Coordinator = s.AttributedCoordinatorId is { } c ? coordinators.GetValueOrDefault(c) : null,
                TransitionCallDueAt = calls.TryGetValue(s.PatientId, out var due) ? due : null,
                OpenReferrals = referrals.GetValueOrDefault(s.PatientId),
                TeamIds = [.. teams[s.PatientId]],
            });
        }
        return rows;
    }

    private static int AgeOn(DateOnly birthDate, DateOnly day)
    {
        var age = day.Year - birthDate.Year;
        return birthDate.AddYears(age) > day ? age - 1 : age;
    }
}
