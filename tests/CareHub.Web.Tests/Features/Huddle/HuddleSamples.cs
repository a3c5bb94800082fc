using CareHub.Domain.Common;
using CareHub.Domain.Huddles;
using CareHub.Web.Features.Huddle;

namespace CareHub.Web.Tests.Features.Huddle;

/// <summary>Boards and cards as the service would send them, built in a line.</summary>
internal static class HuddleSamples
{
    public static readonly Guid TeamId = Guid.Parse("0f0e0d0c-0000-4000-8000-000000000001");
    public static readonly Guid BoardId = Guid.Parse("0f0e0d0c-0000-4000-8000-000000000002");
    public static readonly DateTimeOffset ReadAt = new(2026, 11, 24, 8, 30, 0, TimeSpan.Zero);

    public static HuddleCardView Card(string title, HuddleLane lane = HuddleLane.ToDiscuss, string? key = null, Guid? id = null,
        HuddleCardReason reason = HuddleCardReason.AddedByHand, Guid? patientId = null, string? wallTitle = null, bool carriedOver = false,
        string? owner = null, DateOnly? due = null, int actions = 0, long version = 1) =>
        new(id ?? Guid.NewGuid(), version, patientId is null ? HuddleCardKind.Topic : HuddleCardKind.Patient, patientId, title,
            wallTitle ?? title, patientId is null ? null : "4 West, bed 12", reason,
            patientId is null ? AgendaSection.OpenInput : AgendaSection.TodaysPatients, lane, key ?? "V", owner is null ? null : Guid.NewGuid(),
            owner, due, "", carriedOver, false,
            Enumerable.Range(1, actions).Select(i => new HuddleActionView(Guid.NewGuid(), $"Action {i}", "Dana Nurse", new DateOnly(2026, 11, 25), null)).ToArray());

    /// <summary>A board whose cards get evenly spread order keys per lane, in the order given.</summary>
    public static HuddleBoardView Board(params HuddleCardView[] cards) => Board(1, cards);

    public static HuddleBoardView Board(long version, params HuddleCardView[] cards)
    {
        var keyed = cards.GroupBy(c => c.Lane)
            .SelectMany(lane => lane.Zip(FractionalIndex.Sequence(lane.Count()), (card, key) => card with { SortKey = key }))
            .ToArray();
        return new HuddleBoardView(BoardId, version, TeamId, "North Care Team", new DateOnly(2026, 11, 24), HuddleBoardStatus.Open,
            60, null, false, 60_000, ReadAt, false, keyed, null);
    }

    public static IEnumerable<string> Titles(HuddleBoardView board, HuddleLane lane) => board.Lane(lane).Select(c => c.Title);
}
