using CareHub.Web.Realtime;

namespace CareHub.Web.Tests.Realtime;

public sealed class PresenceCircuitHandlerTests
{
    private static readonly Guid Maria = Guid.NewGuid();
    private static readonly string Plan = Topics.CarePlan(Guid.NewGuid());
    private static readonly string Board = Topics.Huddle(Guid.NewGuid());

    private readonly InMemoryPresenceService _presence = RealtimeFixtures.Presence(RealtimeFixtures.Bus(), new ManualClock(RealtimeFixtures.Start));
    private readonly CircuitContext _context = new();
    private readonly CircuitPresence _circuitPresence;
    private readonly PresenceCircuitHandler _handler;

    public PresenceCircuitHandlerTests()
    {
        _circuitPresence = new CircuitPresence(_presence, _context, RealtimeFixtures.SignedIn(Maria, "Maria Alvarez"));
        _handler = new PresenceCircuitHandler(_context, _circuitPresence);
        _handler.Opened("circuit-1");
    }

    [Fact]
    public void Opening_records_the_circuit_id_that_presence_uses()
    {
        _circuitPresence.Join(Plan);

        _context.CircuitId.ShouldBe("circuit-1");
        _presence.Get(Plan).ShouldHaveSingleItem().ConnectionId.ShouldBe("circuit-1");
    }

    [Fact]
    public void Closing_the_circuit_clears_its_presence_for_good()
    {
        _circuitPresence.Join(Plan);
        _circuitPresence.Join(Board);

        _handler.Closed("circuit-1");
        _handler.ConnectionUp("circuit-1");
        _circuitPresence.Join(Plan);
        _circuitPresence.Heartbeat();

        _presence.Get(Plan).ShouldBeEmpty();
        _presence.Get(Board).ShouldBeEmpty();
    }

    [Fact]
    public void A_dropped_connection_clears_presence_and_a_returning_one_joins_again()
    {
        _circuitPresence.Join(Plan);
        _circuitPresence.Join(Board);

        _handler.ConnectionDown("circuit-1");
        _circuitPresence.Heartbeat(); // the circuit's timers keep running while the browser is away

        _context.IsConnected.ShouldBeFalse();
        _presence.Get(Plan).ShouldBeEmpty();
        _presence.Get(Board).ShouldBeEmpty();

        _handler.ConnectionUp("circuit-1");

        _context.IsConnected.ShouldBeTrue();
        _presence.Get(Plan).ShouldHaveSingleItem().StaffId.ShouldBe(Maria);
        _presence.Get(Board).ShouldHaveSingleItem();
    }

    [Fact]
    public void A_component_that_left_while_the_connection_was_down_is_not_joined_again()
    {
        var plan = _circuitPresence.Join(Plan);
        var board = _circuitPresence.Join(Board);

        _handler.ConnectionDown("circuit-1");
        plan.Dispose();
        _handler.ConnectionUp("circuit-1");

        _presence.Get(Plan).ShouldBeEmpty();
        _presence.Get(Board).ShouldHaveSingleItem();

        board.Dispose(); // the component's handle still works after a rejoin
        _presence.Get(Board).ShouldBeEmpty();
    }

    [Fact]
    public void A_heartbeat_after_expiry_joins_again()
    {
        _circuitPresence.Join(Plan);
        _presence.Sweep(RealtimeFixtures.Start + TimeSpan.FromMinutes(5));
        _presence.Get(Plan).ShouldBeEmpty();

        _circuitPresence.Heartbeat();

        _presence.Get(Plan).ShouldHaveSingleItem();
    }

    [Fact]
    public void Nobody_signed_in_shows_no_presence()
    {
        var anonymous = new CircuitPresence(_presence, _context, RealtimeFixtures.Anonymous());

        using (anonymous.Join(Plan))
            _presence.Get(Plan).ShouldBeEmpty();
    }
}
