using System.Globalization;
using CareHub.Web.Realtime;

namespace CareHub.Web.Tests.Realtime;

public sealed class InMemoryPresenceServiceTests
{
    private static readonly string Plan = Topics.CarePlan(Guid.NewGuid());
    private static readonly Guid Maria = Guid.NewGuid();
    private static readonly Guid Devon = Guid.NewGuid();

    private readonly ManualClock _clock = new(RealtimeFixtures.Start);
    private readonly InProcessRealtimeBus _bus = RealtimeFixtures.Bus();
    private readonly InMemoryPresenceService _presence;

    public InMemoryPresenceServiceTests() => _presence = RealtimeFixtures.Presence(_bus, _clock);

    [Fact]
    public void Two_connections_in_one_resource_are_both_listed_sorted_by_name()
    {
        _presence.Join(Plan, RealtimeFixtures.Entry("c1", Maria, "Maria Alvarez"));
        _presence.Join(Plan, RealtimeFixtures.Entry("c2", Devon, "Devon Okafor"));

        _presence.Get(Plan).Select(p => p.DisplayName).ShouldBe(["Devon Okafor", "Maria Alvarez"]);
        _presence.Get(Topics.CarePlan(Guid.NewGuid())).ShouldBeEmpty();
    }

    [Fact]
    public void The_same_person_in_two_tabs_is_listed_once()
    {
        _presence.Join(Plan, RealtimeFixtures.Entry("tab-1", Maria, "Maria Alvarez"));
        _presence.Join(Plan, RealtimeFixtures.Entry("tab-2", Maria, "Maria Alvarez"));

        var people = _presence.Get(Plan);

        people.Count.ShouldBe(1);
        people[0].StaffId.ShouldBe(Maria);
    }

    [Fact]
    public void An_entry_has_initials_and_a_stable_colour_for_the_person()
    {
        var entry = RealtimeFixtures.Entry("c1", Maria, "Maria Alvarez");
        var again = RealtimeFixtures.Entry("c9", Maria, "Maria Alvarez");

        entry.Initials.ShouldBe("MA");
        again.Colour.ShouldBe(entry.Colour);
        PresenceAppearance.Palette.ShouldContain(entry.Colour);
        PresenceAppearance.InitialsOf("Cher").ShouldBe("C");
        PresenceAppearance.InitialsOf("  ").ShouldBe("?");
    }

    [Fact]
    public void Every_palette_colour_has_AA_contrast_with_white_initials()
    {
        foreach (var colour in PresenceAppearance.Palette)
            ContrastWithWhite(colour).ShouldBeGreaterThanOrEqualTo(4.5, colour);
    }

    [Fact]
    public void Colours_spread_over_the_palette()
    {
        var used = Enumerable.Range(0, 200).Select(_ => PresenceAppearance.ColourOf(Guid.NewGuid())).Distinct().Count();
        used.ShouldBeGreaterThan(PresenceAppearance.Palette.Count / 2);
    }

    [Fact]
    public void Leaving_removes_the_entry_once_and_disposing_twice_is_harmless()
    {
        var maria = _presence.Join(Plan, RealtimeFixtures.Entry("c1", Maria, "Maria Alvarez"));
        _presence.Join(Plan, RealtimeFixtures.Entry("c1", Maria, "Maria Alvarez")); // a second bar in the same circuit

        maria.Dispose();
        maria.Dispose();

        _presence.Get(Plan).Count.ShouldBe(1);
    }

    [Fact]
    public void LeaveAll_clears_the_connection_from_every_resource_and_announces_each()
    {
        var other = Topics.Huddle(Guid.NewGuid());
        _presence.Join(Plan, RealtimeFixtures.Entry("c1", Maria, "Maria Alvarez"));
        _presence.Join(other, RealtimeFixtures.Entry("c1", Maria, "Maria Alvarez"));
        _presence.Join(Plan, RealtimeFixtures.Entry("c2", Devon, "Devon Okafor"));
        var (planWatch, planSeen) = RealtimeFixtures.Watch(_bus, Plan);
        var (otherWatch, otherSeen) = RealtimeFixtures.Watch(_bus, other);
        using (planWatch)
        using (otherWatch)
            _presence.LeaveAll("c1");

        _presence.Get(Plan).Select(p => p.StaffId).ShouldBe([Devon]);
        _presence.Get(other).ShouldBeEmpty();
        _presence.Heartbeat("c1").ShouldBeFalse();
        planSeen.Count.ShouldBe(1);
        otherSeen.Single().Kind.ShouldBe(InMemoryPresenceService.ChangedKind);
    }

    [Fact]
    public void Joining_announces_a_change_on_the_presence_topic_of_the_resource()
    {
        var (watch, seen) = RealtimeFixtures.Watch(_bus, Plan);
        using (watch)
            _presence.Join(Plan, RealtimeFixtures.Entry("c1", Maria, "Maria Alvarez"));

        var e = seen.ShouldHaveSingleItem();
        e.Topic.ShouldBe(Topics.Presence(Plan));
        e.Kind.ShouldBe("presence.changed");
        Topics.TryParse(Plan, out _, out var planId).ShouldBeTrue();
        e.ResourceId.ShouldBe(planId);
    }

    [Fact]
    public void Sweep_past_the_time_to_live_removes_entries_without_a_heartbeat_and_announces_it()
    {
        _presence.Join(Plan, RealtimeFixtures.Entry("quiet", Maria, "Maria Alvarez"));
        _presence.Join(Plan, RealtimeFixtures.Entry("alive", Devon, "Devon Okafor"));
        _clock.Advance(TimeSpan.FromSeconds(20));
        _presence.Heartbeat("alive").ShouldBeTrue();
        _clock.Advance(TimeSpan.FromSeconds(20)); // quiet: 40 s since last seen; alive: 20 s
        var (watch, seen) = RealtimeFixtures.Watch(_bus, Plan);

        int expired;
        using (watch)
            expired = _presence.Sweep(_clock.GetUtcNow());

        expired.ShouldBe(1);
        _presence.Get(Plan).Select(p => p.StaffId).ShouldBe([Devon]);
        seen.Count.ShouldBe(1);
        _presence.Heartbeat("quiet").ShouldBeFalse();
    }

    [Fact]
    public void Sweep_within_the_time_to_live_keeps_everyone_and_announces_nothing()
    {
        _presence.Join(Plan, RealtimeFixtures.Entry("c1", Maria, "Maria Alvarez"));
        _clock.Advance(TimeSpan.FromSeconds(30));
        var (watch, seen) = RealtimeFixtures.Watch(_bus, Plan);

        using (watch)
            _presence.Sweep(_clock.GetUtcNow()).ShouldBe(0);

        _presence.Get(Plan).Count.ShouldBe(1);
        seen.ShouldBeEmpty();
    }

    [Fact]
    public void The_time_to_live_is_configurable()
    {
        var presence = RealtimeFixtures.Presence(_bus, _clock, new PresenceOptions { TimeToLive = TimeSpan.FromSeconds(5) });
        presence.Join(Plan, RealtimeFixtures.Entry("c1", Maria, "Maria Alvarez"));

        presence.Sweep(_clock.GetUtcNow() + TimeSpan.FromSeconds(6)).ShouldBe(1);
        presence.Get(Plan).ShouldBeEmpty();
    }

    [Fact]
    public void Focus_and_typing_are_stored_and_the_active_tab_represents_the_person()
    {
        _presence.Join(Plan, RealtimeFixtures.Entry("tab-1", Maria, "Maria Alvarez"));
        _presence.Join(Plan, RealtimeFixtures.Entry("tab-2", Maria, "Maria Alvarez"));
        var (watch, seen) = RealtimeFixtures.Watch(_bus, Plan);

        using (watch)
        {
            _presence.Focus(Plan, "tab-2", "item:goal-1:text", typing: true);
            _presence.Focus(Plan, "tab-2", "item:goal-1:text", typing: true); // no change, no announcement
        }

        var maria = _presence.Get(Plan).ShouldHaveSingleItem();
        maria.ConnectionId.ShouldBe("tab-2");
        maria.Field.ShouldBe("item:goal-1:text");
        maria.Typing.ShouldBeTrue();
        seen.Count.ShouldBe(1);

        _presence.Focus(Plan, "tab-2", null, typing: true);
        var blurred = _presence.Get(Plan).ShouldHaveSingleItem();
        blurred.Field.ShouldBeNull();
        blurred.Typing.ShouldBeFalse();
    }

    [Fact]
    public void Join_and_leave_churn_leaves_nothing_behind()
    {
        Parallel.For(0, 2_000, i =>
        {
            var resource = Topics.CarePlan(Guid.NewGuid());
            using (_presence.Join(resource, RealtimeFixtures.Entry($"c{i}", Guid.NewGuid(), "Someone Else")))
                _presence.Focus(resource, $"c{i}", "field", typing: false);
            _presence.Get(resource).ShouldBeEmpty();
            _presence.Heartbeat($"c{i}").ShouldBeFalse();
        });

        _bus.TopicCount.ShouldBe(0);
        _presence.Sweep(_clock.GetUtcNow() + TimeSpan.FromDays(1)).ShouldBe(0);
    }

    private static double ContrastWithWhite(string hex)
    {
        static double Channel(string hex, int at)
        {
            var c = int.Parse(hex.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        var luminance = 0.2126 * Channel(hex, 1) + 0.7152 * Channel(hex, 3) + 0.0722 * Channel(hex, 5);
        return 1.05 / (luminance + 0.05);
    }
}
