using CareHub.Domain.Common;
using CareHub.Domain.Referrals;
using static CareHub.Domain.Referrals.ReferralStatus;

namespace CareHub.Domain.Tests.Referrals;

public class ReferralTests
{
    private static readonly DateTimeOffset Created = TestTime.Monday;

    /// <summary>The Gravity referral life cycle, written out here on its own so that a change to the code's table shows up.</summary>
    private static readonly (ReferralStatus From, ReferralStatus To)[] AllowedMoves =
    [
        (Draft, Requested), (Draft, Cancelled), (Draft, EnteredInError),
        (Requested, Received), (Requested, Accepted), (Requested, Rejected), (Requested, Cancelled), (Requested, EnteredInError),
        (Received, Accepted), (Received, Rejected), (Received, Cancelled), (Received, EnteredInError),
        (Accepted, InProgress), (Accepted, OnHold), (Accepted, Cancelled), (Accepted, Failed), (Accepted, EnteredInError),
        (InProgress, Completed), (InProgress, OnHold), (InProgress, Failed), (InProgress, Cancelled), (InProgress, EnteredInError),
        (OnHold, Accepted), (OnHold, InProgress), (OnHold, Cancelled), (OnHold, Failed), (OnHold, EnteredInError),
        (Rejected, EnteredInError),
        (Completed, EnteredInError),
        (Failed, EnteredInError),
        (Cancelled, EnteredInError),
    ];

    /// <summary>How to reach each status from a new (draft) referral.</summary>
    private static readonly Dictionary<ReferralStatus, ReferralStatus[]> PathTo = new()
    {
        [Draft] = [],
        [Requested] = [Requested],
        [Received] = [Requested, Received],
        [Accepted] = [Requested, Accepted],
        [Rejected] = [Requested, Rejected],
        [InProgress] = [Requested, Accepted, InProgress],
        [OnHold] = [Requested, Accepted, OnHold],
        [Completed] = [Requested, Accepted, InProgress, Completed],
        [Failed] = [Requested, Accepted, Failed],
        [Cancelled] = [Cancelled],
        [EnteredInError] = [EnteredInError],
    };

    public static TheoryData<ReferralStatus, ReferralStatus> Allowed()
    {
        var data = new TheoryData<ReferralStatus, ReferralStatus>();
        foreach (var (from, to) in AllowedMoves)
            data.Add(from, to);
        return data;
    }

    public static TheoryData<ReferralStatus, ReferralStatus> Forbidden()
    {
        var data = new TheoryData<ReferralStatus, ReferralStatus>();
        foreach (var from in Enum.GetValues<ReferralStatus>())
        {
            foreach (var to in Enum.GetValues<ReferralStatus>())
            {
                if (!AllowedMoves.Contains((from, to)))
                    data.Add(from, to);
            }
        }
        return data;
    }

    private static Referral NewReferral(ReferralType type = ReferralType.CommunityOrganization)
    {
        var referral = new Referral(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), type, ReferralUrgency.Routine,
            "Eastside Food Pantry", "Food insecurity (AHC-HRSN positive)", Created);
        if (referral.NeedsConsent)
            referral.RecordConsent(patientWantsHelp: true, Created, null, null);
        return referral;
    }

    private static Referral ReferralIn(ReferralStatus status, out DateTimeOffset at)
    {
        var referral = NewReferral();
        at = Created;
        foreach (var step in PathTo[status])
        {
            at = at.AddHours(1);
            referral.MoveTo(step, at);
        }
        referral.Status.ShouldBe(status);
        return referral;
    }

    [Fact]
    public void A_new_referral_is_an_open_draft_dated_when_created()
    {
        var referral = NewReferral();

        referral.Status.ShouldBe(Draft);
        referral.IsOpen.ShouldBeTrue();
        referral.CreatedAt.ShouldBe(Created);
        referral.StatusChangedAt.ShouldBe(Created);
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void An_allowed_move_changes_the_status_and_its_time(ReferralStatus from, ReferralStatus to)
    {
        var referral = ReferralIn(from, out var last);
        var at = last.AddMinutes(30);

        Referral.CanMove(from, to).ShouldBeTrue();
        referral.MoveTo(to, at);

        referral.Status.ShouldBe(to);
        referral.StatusChangedAt.ShouldBe(at);
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void A_move_outside_the_life_cycle_is_refused_and_changes_nothing(ReferralStatus from, ReferralStatus to)
    {
        var referral = ReferralIn(from, out var last);

        Referral.CanMove(from, to).ShouldBeFalse();
        Should.Throw<DomainRuleException>(() => referral.MoveTo(to, last.AddMinutes(30)));

        referral.Status.ShouldBe(from);
        referral.StatusChangedAt.ShouldBe(last);
    }

    [Theory]
    [InlineData(Draft, Completed, "A referral that is draft cannot become completed.")]
    [InlineData(Requested, InProgress, "A referral that is requested cannot become in progress.")]
    [InlineData(OnHold, Completed, "A referral that is on hold cannot become completed.")]
    [InlineData(Completed, InProgress, "A referral that is completed cannot become in progress.")]
    [InlineData(Rejected, Accepted, "A referral that is rejected cannot become accepted.")]
    [InlineData(EnteredInError, Draft, "A referral that is entered in error cannot become draft.")]
    [InlineData(Cancelled, Cancelled, "A referral that is cancelled cannot become cancelled.")]
    public void A_refused_move_says_why_in_words_a_coordinator_reads(ReferralStatus from, ReferralStatus to, string message)
    {
        var referral = ReferralIn(from, out var last);

        var refusal = Should.Throw<DomainRuleException>(() => referral.MoveTo(to, last.AddHours(1)));

        refusal.Message.ShouldBe(message);
    }

    [Fact]
    public void A_status_change_dated_before_the_previous_one_is_refused()
    {
        var referral = ReferralIn(Requested, out var last);

        var refusal = Should.Throw<DomainRuleException>(() => referral.MoveTo(Accepted, last.AddMinutes(-1)));

        refusal.Message.ShouldBe("A status change cannot be dated before the previous one.");
        referral.Status.ShouldBe(Requested);
    }

    [Theory]
    [InlineData(Draft, true)]
    [InlineData(Requested, true)]
    [InlineData(Received, true)]
    [InlineData(Accepted, true)]
    [InlineData(InProgress, true)]
    [InlineData(OnHold, true)]
    [InlineData(Completed, false)]
    [InlineData(Failed, false)]
    [InlineData(Cancelled, false)]
    [InlineData(Rejected, false)]
    [InlineData(EnteredInError, false)]
    public void A_referral_is_open_until_its_loop_is_closed(ReferralStatus status, bool open)
    {
        ReferralIn(status, out _).IsOpen.ShouldBe(open);
    }

    [Theory]
    [InlineData(ReferralType.Specialty, false)]
    [InlineData(ReferralType.BehavioralHealth, false)]
    [InlineData(ReferralType.SubstanceUseTreatment, true)]
    [InlineData(ReferralType.HomeHealth, false)]
    [InlineData(ReferralType.DurableMedicalEquipment, false)]
    [InlineData(ReferralType.CommunityOrganization, false)]
    public void Only_substance_use_treatment_referrals_are_sensitive(ReferralType type, bool sensitive)
    {
        NewReferral(type).IsSensitive.ShouldBe(sensitive);
    }

    [Fact]
    public void A_referral_without_a_destination_is_refused()
    {
        var refusal = Should.Throw<DomainRuleException>(() => new Referral(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(),
            ReferralType.HomeHealth, ReferralUrgency.Urgent, " ", "Wound care", Created));

        refusal.Message.ShouldBe("Destination is required.");
    }

    [Fact]
    public void Reassigning_to_nobody_is_refused()
    {
        var referral = NewReferral();
        var owner = referral.OwnerId;

        var refusal = Should.Throw<DomainRuleException>(() => referral.Reassign(Guid.Empty));

        refusal.Message.ShouldBe("Owner is required.");
        referral.OwnerId.ShouldBe(owner);
    }
}
