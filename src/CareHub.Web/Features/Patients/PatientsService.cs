using CareHub.Data;
using CareHub.Data.Auditing;
using CareHub.Domain.Common;
using CareHub.Domain.Encounters;
using CareHub.Domain.Patients;
using CareHub.Domain.Referrals;
using CareHub.Domain.Tasks;
using CareHub.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Patients;

/// <summary>
/// The patient list and header. Every query goes through a context created for the caller's access scope,
/// so another team's patient is simply absent; every patient shown is audited before it is returned.
/// </summary>
public sealed class PatientsService(IDbContextFactory<CareHubDbContext> contexts, IRealtimeBus bus, TimeProvider clock)
{
    /// <summary>
    /// How many matches past the start of the page the list counts; beyond it the total reads "1,000+" (and grows as the
    /// person pages on).
    /// </summary>
    public const int CountLimit = 1000;

    public async Task<PatientPage> SearchAsync(PatientQuery query, CancellationToken cancellationToken)
    {
        query = query.Normalize();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // A record merged into another (HL7 A40) is a duplicate: the survivor is the one to work on.
        var patients = Filter(db.Patients.AsNoTracking().Where(p => p.MergedIntoId == null), query.Search);
        // Counted only up to CountLimit matches past the page's start: counting every patient through the team filter (an
        // EXISTS per patient) is what the unsearched list cost (40 ms at 50,000 patients), the page itself well under 1 ms.
        var skip = query.Page * query.PageSize;
        var counted = await patients.Take((int)Math.Min((long)skip + CountLimit + 1, int.MaxValue)).CountAsync(cancellationToken);
        var totalIsAtLeast = counted > skip + CountLimit;
        var total = totalIsAtLeast ? skip + CountLimit : counted;
        var page = await Sort(patients, query)
            .Skip(skip)
            .Take(query.PageSize)
            .Select(p => new
            {
                p.Id, p.GivenName, p.FamilyName, p.Mrn, p.BirthDate, p.Sex, p.PreferredLanguage, p.InterpreterNeeded, p.Payer,
                Coordinator = db.Staff.Where(s => s.Id == p.AttributedCoordinatorId).Select(s => s.GivenName + " " + s.FamilyName).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);

        var ids = page.Select(p => p.Id).ToList();
        var stays = await CurrentStaysAsync(db, ids, cancellationToken);
        var today = Today();
        var rows = page.Select(p => new PatientRow(p.Id, $"{p.FamilyName}, {p.GivenName}", p.Mrn, p.BirthDate,
            AgeOn(p.BirthDate, today), p.Sex, p.PreferredLanguage, p.InterpreterNeeded, p.Payer, p.Coordinator,
            stays.GetValueOrDefault(p.Id))).ToList();

        db.RecordReads("PatientList", ids);
        await db.SaveChangesAsync(cancellationToken);
        return new PatientPage(rows, total, query) { TotalIsAtLeast = totalIsAtLeast };
    }

    public async Task<PatientDetail?> GetAsync(Guid patientId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var patient = await db.Patients.AsNoTracking()
            .Include(p => p.Conditions)
            .Include(p => p.Teams)
            .FirstOrDefaultAsync(p => p.Id == patientId, cancellationToken);
        if (patient is null)
        {
            db.RecordNotFound("Patient", patientId);
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }

        var teamIds = patient.Teams.Select(t => t.TeamId).ToList();
        var teams = await db.CareTeams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(cancellationToken);
        var coordinator = await db.Staff.AsNoTracking().Where(s => s.Id == patient.AttributedCoordinatorId)
            .Select(s => s.GivenName + " " + s.FamilyName).FirstOrDefaultAsync(cancellationToken);
        var encounters = await (
            from e in db.Encounters.AsNoTracking()
            where e.PatientId == patientId && e.Status != EncounterStatus.Cancelled
            join f in db.Facilities on e.FacilityId equals f.Id
            join u in db.Units on e.UnitId equals u.Id into units
            from u in units.DefaultIfEmpty()
            orderby e.AdmittedAt descending
            select new EncounterSummary(e.Id, e.Class, e.Status, f.Name, u != null ? u.Name : null, e.AdmittedAt, e.DischargedAt, e.Disposition))
            .Take(10).ToListAsync(cancellationToken);
        var stays = await CurrentStaysAsync(db, [patientId], cancellationToken);
        var openTasks = await db.Tasks.CountAsync(t => t.PatientId == patientId && t.Status == CareTaskStatus.Open, cancellationToken);
        var transitions = await (
            from t in db.Tasks.AsNoTracking()
            where t.PatientId == patientId && t.Status == CareTaskStatus.Open
                && CareTask.TransitionKinds.Contains(t.Kind)
            join s in db.Staff on t.AssigneeId equals s.Id
            orderby t.DueAt
            select new TransitionStepSummary(t.Id, t.Kind, t.Title, t.DueAt, s.GivenName + " " + s.FamilyName))
            .ToListAsync(cancellationToken);
        var openReferrals = await db.Referrals.CountAsync(r => r.PatientId == patientId
            && r.Status != ReferralStatus.Completed && r.Status != ReferralStatus.Failed && r.Status != ReferralStatus.Cancelled
            && r.Status != ReferralStatus.Rejected && r.Status != ReferralStatus.EnteredInError, cancellationToken);

        db.RecordRead("Patient", patientId, patientId);
        await db.SaveChangesAsync(cancellationToken);

        return new PatientDetail(patient.Id, patient.Version, patient.DisplayName, patient.GivenName, patient.FamilyName, patient.Mrn,
            patient.AssigningAuthority, patient.BirthDate, patient.AgeOn(Today()), patient.Sex, patient.PreferredLanguage,
            patient.InterpreterNeeded, patient.Payer, patient.PlanName, patient.PrimaryCareProvider, coordinator, teams,
            stays.GetValueOrDefault(patientId),
            [.. patient.Conditions.Where(c => c.IsActive).OrderBy(c => c.Display).Select(c => new ConditionSummary(c.Code, c.Display, c.Chronic, c.Onset))],
            encounters, patient.CharlsonPoints(), openTasks, openReferrals)
        {
            Transitions = transitions,
        };
    }

    /// <summary>
    /// Changes the patient's preferred language and interpreter need, if nobody changed the patient since
    /// <paramref name="expectedVersion"/>; other screens showing the patient hear of it after the commit.
    /// </summary>
    public async Task<PatientChangeResult> UpdateLanguageAsync(Guid patientId, long expectedVersion, string? language, bool interpreterNeeded,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var patient = await db.Patients.FirstOrDefaultAsync(p => p.Id == patientId, cancellationToken);
        if (patient is null)
        {
            db.RecordNotFound("Patient", patientId);
            await db.SaveChangesAsync(cancellationToken);
            return new PatientChangeResult.NotFound();
        }
        if (patient.Version != expectedVersion)
            return new PatientChangeResult.Conflict(ConflictMessage);

        try
        {
            patient.SetLanguage(language!, interpreterNeeded);
        }
        catch (DomainRuleException e)
        {
            return new PatientChangeResult.Invalid(e.Message);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new PatientChangeResult.Conflict(ConflictMessage);
        }

        await bus.PublishAsync(new RealtimeEvent(Topics.Patient(patientId), PatientsEvents.PatientChanged, patientId, patient.Version, clock.GetUtcNow()), cancellationToken);
        return new PatientChangeResult.Saved(patient.Version);
    }

    private const string ConflictMessage =
        "Someone else changed the language or interpreter need while you were editing. Their change is shown above; " +
        "your entry is kept here. Save again to replace theirs.";

    private static IQueryable<Patient> Filter(IQueryable<Patient> patients, string? search)
    {
        if (search is null)
            return patients;
        // "Garcia,Ana" and "garcia ,  ana" mean what the list shows: "Garcia, Ana".
        if (search.Split(',', 2) is [var family, var given])
            search = $"{family.Trim()}, {given.Trim()}";
        var escaped = search.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
        if (search.All(c => char.IsDigit(c)))
            return patients.Where(p => EF.Functions.Like(p.Mrn, escaped + "%", "\\"));
        // An MRN with letters ("M104233"): the start of either name or of the MRN.
        if (search.Any(char.IsDigit))
            return patients.Where(p => EF.Functions.Like(p.SortName, escaped + "%", "\\") || EF.Functions.Like(p.GivenName, escaped + "%", "\\")
                || EF.Functions.Like(p.Mrn, escaped + "%", "\\"));
        // "Family, Given" narrows by both; one word matches the start of either name.
        return patients.Where(p => EF.Functions.Like(p.SortName, escaped + "%", "\\") || EF.Functions.Like(p.GivenName, escaped + "%", "\\"));
    }

    private static IQueryable<Patient> Sort(IQueryable<Patient> patients, PatientQuery query) => (query.Sort, query.Descending) switch
    {
        (PatientSort.Mrn, false) => patients.OrderBy(p => p.Mrn),
        (PatientSort.Mrn, true) => patients.OrderByDescending(p => p.Mrn),
        // Oldest first is the earliest birth date.
        (PatientSort.Age, false) => patients.OrderByDescending(p => p.BirthDate).ThenBy(p => p.Id),
        (PatientSort.Age, true) => patients.OrderBy(p => p.BirthDate).ThenBy(p => p.Id),
        (_, true) => patients.OrderByDescending(p => p.SortName).ThenByDescending(p => p.Id),
        _ => patients.OrderBy(p => p.SortName).ThenBy(p => p.Id),
    };

    private static async Task<Dictionary<Guid, CurrentStay>> CurrentStaysAsync(CareHubDbContext db, List<Guid> patientIds, CancellationToken cancellationToken)
    {
        // "Not finished or cancelled" in SQL, in progress here: an equality on Status would make SQLite walk every
        // in-progress stay of every facility by IX_Encounters_Status_FacilityId (and the team filter for each: 10 ms at
        // 6,000 stays) instead of seeking these patients' encounters by IX_Encounters_PatientId_AdmittedAt.
        var open = await (
            from e in db.Encounters.AsNoTracking()
            where patientIds.Contains(e.PatientId) && e.Status != EncounterStatus.Finished && e.Status != EncounterStatus.Cancelled
            join f in db.Facilities on e.FacilityId equals f.Id
            join u in db.Units on e.UnitId equals u.Id into units
            from u in units.DefaultIfEmpty()
            select new { e.PatientId, e.Status, e.Class, Facility = f.Name, Unit = u != null ? u.Name : null, e.Bed, e.AdmittedAt })
            .ToListAsync(cancellationToken);
        return open.Where(s => s.Status == EncounterStatus.InProgress).GroupBy(s => s.PatientId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.AdmittedAt).Select(s => new CurrentStay(s.Class, s.Facility, s.Unit, s.Bed, s.AdmittedAt)).First());
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static int AgeOn(DateOnly birth, DateOnly day)
    {
        var age = day.Year - birth.Year;
        return birth.AddYears(age) > day ? age - 1 : age;
    }
}
