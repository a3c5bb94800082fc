using System.Buffers.Text;
using System.Globalization;
using System.Text;
using CareHub.Data;
using CareHub.Domain.Organization;
using CareHub.Domain.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Referrals;

/// <summary>The queries and words the referral service and the escalation check share.</summary>
internal static class ReferralQueries
{
    public const string Restricted = "Restricted";

    public static readonly ReferralStatus[] FinishedStatuses =
        [ReferralStatus.Completed, ReferralStatus.Rejected, ReferralStatus.Failed, ReferralStatus.Cancelled];

    public static readonly ReferralStatus[] ClosedStatuses =
        [ReferralStatus.Completed, ReferralStatus.Rejected, ReferralStatus.Failed, ReferralStatus.Cancelled, ReferralStatus.EnteredInError];

    /// <summary>The referrals of <paramref name="teamIds"/> (the query filters already hide other teams' patients).</summary>
    public static IQueryable<Referral> OfTeams(CareHubDbContext db, IReadOnlyCollection<Guid> teamIds)
    {
        var teams = teamIds.ToList();
        return db.Referrals.Where(r => teams.Contains(r.TeamId));
    }

    /// <summary>Loops still open: not closed with an outcome and not entered in error (whatever the status otherwise).</summary>
    public static IQueryable<Referral> OpenLoops(this IQueryable<Referral> referrals) =>
        referrals.Where(r => r.LoopClosedAt == null && r.Status != ReferralStatus.EnteredInError);

    /// <summary>The active staff of a team.</summary>
    public static IQueryable<Staff> ActiveMembers(CareHubDbContext db, Guid teamId) =>
        from m in db.TeamMemberships
        where m.TeamId == teamId
        join s in db.Staff on m.StaffId equals s.Id
        where s.IsActive
        select s;

    public static async Task<Dictionary<Guid, string>> StaffNamesAsync(CareHubDbContext db, IEnumerable<Guid> staffIds, CancellationToken cancellationToken)
    {
        var ids = staffIds.Distinct().ToList();
        return ids.Count == 0
            ? []
            : await db.Staff.AsNoTracking()
                .Where(s => ids.Contains(s.Id))
                .Select(s => new { s.Id, Name = s.GivenName + " " + s.FamilyName })
                .ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
    }

    /// <summary>The local date of an instant in the clocks' time zone.</summary>
    public static DateOnly LocalDate(DateTimeOffset at, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    /// <summary>The instant a local date starts in the clocks' time zone.</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Midnight skipped by a daylight-saving change: the first local time that exists.
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(30);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    // -- The worklist cursor: the last row's due day (or none) and id, opaque to the client. --

    public sealed record Cursor(DateOnly? DueOn, Guid Id);

    public static string WriteCursor(DateOnly? dueOn, Guid id)
    {
        var text = $"{(dueOn is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "-")}|{id:N}";
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The cursor, or null (first page) when it is missing or malformed.</summary>
    public static Cursor? ReadCursor(string? cursor)
    {
        if (string.IsNullOrWhiteSpace(cursor) || cursor.Length > 100)
            return null;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            if (text.Split('|') is not [var due, var id] || !Guid.TryParseExact(id, "N", out var lastId))
                return null;
            if (due == "-")
                return new Cursor(null, lastId);
            return DateOnly.TryParseExact(due, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? new Cursor(day, lastId)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // -- Words. --

    public static string TypeName(ReferralType type) => type switch
    {
        ReferralType.Specialty => "Specialty",
        ReferralType.BehavioralHealth => "Behavioral health",
        ReferralType.SubstanceUseTreatment => "Substance use treatment",
        ReferralType.HomeHealth => "Home health",
        ReferralType.DurableMedicalEquipment => "Durable medical equipment",
        ReferralType.CommunityOrganization => "Community organization",
        _ => type.ToString(),
    };

    public static string StageName(ReferralClockStage stage) => stage switch
    {
        ReferralClockStage.Acceptance => "acceptance",
        ReferralClockStage.Appointment => "appointment",
        ReferralClockStage.Result => "result",
        _ => stage.ToString().ToLowerInvariant(),
    };

    public static string OutcomeName(ReferralOutcome outcome) => outcome switch
    {
        ReferralOutcome.ServiceProvided => "service provided",
        ReferralOutcome.PatientDeclined => "patient declined",
        ReferralOutcome.UnableToContact => "unable to contact",
        ReferralOutcome.NotEligible => "not eligible",
        ReferralOutcome.NoCapacity => "no capacity",
        ReferralOutcome.PatientMovedOrTransferred => "patient moved or transferred",
        _ => "other",
    };

    public static string StatusChange(ReferralStatus? from, ReferralStatus? to) => to switch
    {
        ReferralStatus.Draft => "Back to draft",
        ReferralStatus.Requested => "Sent (requested)",
        ReferralStatus.Received => "Received by the destination",
        ReferralStatus.Accepted when from == ReferralStatus.OnHold => "Resumed (accepted)",
        ReferralStatus.Accepted => "Accepted",
        ReferralStatus.Rejected => "Rejected by the destination",
        ReferralStatus.InProgress when from == ReferralStatus.OnHold => "Resumed (in progress)",
        ReferralStatus.InProgress => "In progress",
        ReferralStatus.OnHold => "Put on hold",
        ReferralStatus.Completed => "Completed",
        ReferralStatus.Failed => "Failed",
        ReferralStatus.Cancelled => "Cancelled",
        ReferralStatus.EnteredInError => "Marked as entered in error",
        _ => "Status changed",
    };

    /// <summary>"3 Dec 2026" (the local date of the clocks' time zone).</summary>
    public static string Day(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string BusinessDays(int days) =>
        days == 1 ? "1 business day" : string.Create(CultureInfo.InvariantCulture, $"{days} business days");
}
