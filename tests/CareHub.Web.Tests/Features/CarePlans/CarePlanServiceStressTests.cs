using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CareHub.Domain.CarePlans;
using CareHub.Domain.Organization;
using CareHub.Web.Features.CarePlans;
using CareHub.Web.Tests.Infrastructure;

namespace CareHub.Web.Tests.Features.CarePlans;

/// <summary>
/// Ten people editing the goals of one plan at once, each from their own circuit, some from a stale screen: every
/// acknowledged edit is in the plan and in its history, every conflict was told to its editor, nothing else is lost.
/// </summary>
public sealed partial class CarePlanServiceStressTests(PatientsDatabase database) : IClassFixture<PatientsDatabase>
{
    private const int Editors = 10;
    private const int EditsEach = 50;
    private const int ChoiceEditors = 2;

    private static readonly CarePlanField[] TextFields = [CarePlanField.Text, CarePlanField.Detail];
    private static readonly CarePlanField[] ChoiceFields = [CarePlanField.Achievement, CarePlanField.Category];

    private readonly CarePlanTestBed _bed = new(database);

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>One edit as its editor sent it, and the answer it got.</summary>
    private sealed record Outcome(int Editor, Guid StaffId, Guid ItemId, CarePlanField Field, long BaseVersion, string Value, string? Token, CarePlanResult Result);

    [Fact]
    public async Task Ten_people_editing_the_goals_of_one_plan_at_once_lose_no_acknowledged_edit()
    {
        var team = await database.TeamAsync(new PatientSeed("Stress", "Ada"));
        var editors = new List<Staff> { team.Member };
        for (var i = 1; i < Editors; i++)
            editors.Add(await _bed.AddMemberAsync(team, $"Editor{i}", "Stress"));
        var planId = await _bed.StartAsync(team);
        var setup = _bed.ServiceFor(team.Member);
        var goals = new List<CarePlanItemView>();
        foreach (var name in new[] { "A", "B", "C" })
        {
            goals.Add(await CarePlanTestBed.AddAsync(setup, planId,
                new NewCarePlanItem(CarePlanItemKind.Goal, $"Goal {name} walks to the shop every day") { Detail = $"Target {name} thirty minutes without a rest" }));
        }
        var initialPlanVersion = (await _bed.PlanAsync(planId)).Version;
        using var events = _bed.Listen(planId);
        var outcomes = new ConcurrentQueue<Outcome>();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var clock = Stopwatch.StartNew();
        var running = editors.Select((staff, e) => Task.Run(() => EditAsync(e, staff, planId, [.. goals.Select(g => g.Id)], outcomes, go.Task))).ToList();
        go.SetResult();
        await Task.WhenAll(running);
        clock.Stop();

        var all = outcomes.ToList();
        var saved = all.Where(o => o.Result is CarePlanResult.Saved).ToList();
        var conflicts = all.Where(o => o.Result is CarePlanResult.Conflict).ToList();
        var invalid = all.Where(o => o.Result is CarePlanResult.Invalid).ToList();
        var busy = invalid.Count(o => ((CarePlanResult.Invalid)o.Result).Message == CarePlanService.BusyMessage);
        var merged = saved.Count(o => ((CarePlanResult.Saved)o.Result).Merged);
        var output = Xunit.TestContext.Current.TestOutputHelper;
        output?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{all.Count} edits by {Editors} editors in {clock.Elapsed.TotalSeconds:F1} s: {saved.Count} acknowledged ({merged} merged), " +
            $"{conflicts.Count} conflicts, {busy} busy, {invalid.Count - busy} otherwise invalid, {events.Events.Count} events"));
        foreach (var refused in invalid.Select(o => ((CarePlanResult.Invalid)o.Result).Message).Distinct())
            output?.WriteLine($"refused: {refused}");

        all.Count.ShouldBe(Editors * EditsEach);
        all.ShouldAllBe(o => o.Result is CarePlanResult.Saved || o.Result is CarePlanResult.Conflict || o.Result is CarePlanResult.Invalid,
            "nothing is ever not found or thrown");
        (invalid.Count - busy).ShouldBe(0, "every edit was valid");
        busy.ShouldBeLessThanOrEqualTo(Editors * EditsEach / 100, "writers of one plan queue on SQLite; they should hardly ever give up");

        var history = await _bed.ChangesAsync(planId);
        var fieldChanges = history.Where(c => c.Field != null).ToList();
        var stored = (await _bed.PlanAsync(planId)).Items.ToDictionary(i => i.Id);

        // The history replays to the stored value of every field: nothing written outside it, nothing in it lost.
        foreach (var goal in goals)
        {
            var item = stored[goal.Id];
            var ofItem = fieldChanges.Where(c => c.ItemId == goal.Id).OrderBy(c => c.ItemVersion).ToList();
            ofItem.Select(c => c.ItemVersion).ShouldBe(Enumerable.Range(2, ofItem.Count).Select(v => (long)v),
                "each change is one version step of the item: no duplicate, no gap");
            item.Version.ShouldBe(1 + ofItem.Count);
            foreach (var field in TextFields.Concat(ChoiceFields))
            {
                var replayed = goal.ValueOf(field);
                foreach (var change in ofItem.Where(c => c.Field == field))
                {
                    change.Before.ShouldBe(replayed, $"{field} of {goal.Text}: entry at item version {change.ItemVersion} starts where the previous one ended");
                    replayed = change.After;
                }
                replayed.ShouldBe(item.ValueOf(field), $"{field} of {goal.Text} replays to the stored value");
            }
        }

        // Exactly one history entry per acknowledged change, and no entry nobody was told of. An acknowledged choice that was
        // already there changed nothing: it has no entry, and the field did hold that value at the version it was told of.
        var written = fieldChanges.Select(c => (ItemId: c.ItemId!.Value, c.ItemVersion, Field: c.Field!.Value, StaffId: c.StaffId!.Value, c.After)).ToList();
        written.ShouldBeUnique();
        var acknowledged = saved
            .Select(o => (o.ItemId, ((CarePlanResult.Saved)o.Result).Item!.Version, o.Field, o.StaffId, ((CarePlanResult.Saved)o.Result).Value))
            .ToHashSet();
        var unchanged = acknowledged.Where(a => !written.Contains(a)).ToList();
        foreach (var (itemId, version, field, _, value) in unchanged)
        {
            ChoiceFields.ShouldContain(field, "only a choice can be acknowledged without a change");
            var atVersion = fieldChanges.Where(c => c.ItemId == itemId && c.Field == field && c.ItemVersion <= version).MaxBy(c => c.ItemVersion)?.After
                ?? goals.Single(g => g.Id == itemId).ValueOf(field);
            atVersion.ShouldBe(value);
        }
        foreach (var entry in written)
            acknowledged.ShouldContain(entry, "every history entry was acknowledged to its editor");
        var textAcks = saved.Where(o => o.Token is not null).ToList();
        written.Count(w => TextFields.Contains(w.Field)).ShouldBe(textAcks.Count, "every acknowledged text edit changed the text, once");
        written.Count.ShouldBe(acknowledged.Count - unchanged.Count);
        fieldChanges.Count(c => c.Merged).ShouldBe(merged);

        // Tokens are only ever inserted: every acknowledged one is in the text, no conflicting one is anywhere.
        foreach (var ack in textAcks)
            stored[ack.ItemId].ValueOf(ack.Field).ShouldNotBeNull().ShouldContain(ack.Token!, Case.Sensitive);
        foreach (var conflict in conflicts)
        {
            var answer = (CarePlanResult.Conflict)conflict.Result;
            (answer.Item.Id, answer.Field, answer.Mine).ShouldBe((conflict.ItemId, conflict.Field, conflict.Value));
            answer.Theirs.ShouldBe(answer.Item.ValueOf(conflict.Field));
            answer.Item.Version.ShouldBeGreaterThan(conflict.BaseVersion);
            answer.TheirName.ShouldNotBeNullOrEmpty();
            if (conflict.Token is { } token)
                stored.Values.ShouldAllBe(i => !i.Text.Contains(token, StringComparison.Ordinal) && !i.Detail.Contains(token, StringComparison.Ordinal));
        }
        var tokens = stored.Values.SelectMany(i => TokenPattern().Matches(i.Text + " " + i.Detail)).Select(m => m.Value).ToList();
        tokens.ShouldBeUnique();
        tokens.Order(StringComparer.Ordinal).ShouldBe(textAcks.Select(a => a.Token!).Order(StringComparer.Ordinal), "the text holds the acknowledged tokens and nothing else");

        // One event per committed change, carrying every plan version in turn.
        var finalPlanVersion = (await _bed.PlanAsync(planId)).Version;
        finalPlanVersion.ShouldBe(initialPlanVersion + fieldChanges.Count);
        events.Events.Select(e => e.Version).Order().ShouldBe(Enumerable.Range(1, fieldChanges.Count).Select(i => initialPlanVersion + i));
    }

    /// <summary>
    /// One editor's session: picks a goal, reads it (or, one time in two, trusts what it last saw), and inserts its
    /// own token into the text or detail it believes is current; the last two editors also change choices.
    /// </summary>
    private async Task EditAsync(int editor, Staff staff, Guid planId, IReadOnlyList<Guid> goals, ConcurrentQueue<Outcome> outcomes, Task go)
    {
        var service = _bed.ServiceFor(staff);
        var random = new Random(7919 * (editor + 1));
        var seen = new Dictionary<Guid, CarePlanItemView>();
        await go;
        for (var k = 0; k < EditsEach; k++)
        {
            var itemId = goals[random.Next(goals.Count)];
            if (!seen.TryGetValue(itemId, out var view) || random.NextDouble() < 0.5)
                view = seen[itemId] = await service.GetItemAsync(planId, itemId, Ct) ?? throw new InvalidOperationException("The goal went missing.");

            CarePlanField field;
            string value;
            string? token = null;
            if (editor >= Editors - ChoiceEditors && random.NextDouble() < 0.5)
            {
                field = ChoiceFields[random.Next(ChoiceFields.Length)];
                var choices = field == CarePlanField.Achievement
                    ? Enum.GetNames<GoalAchievement>()
                    : [.. CarePlanCategories.For(CarePlanItemKind.Goal)];
                var current = view.ValueOf(field);
                value = choices.Where(c => c != current).ElementAt(random.Next(choices.Length - 1));
            }
            else
            {
                field = TextFields[random.Next(TextFields.Length)];
                token = $"[e{editor}-{k}]";
                value = Insert(view.ValueOf(field) ?? "", token, random);
            }

            var result = await service.EditAsync(planId, new FieldEdit(itemId, field, view.Version, value), Ct);
            outcomes.Enqueue(new Outcome(editor, staff.Id, itemId, field, view.Version, value, token, result));
            switch (result)
            {
                case CarePlanResult.Saved { Item: { } after }:
                    seen[itemId] = after;
                    break;
                case CarePlanResult.Conflict conflict:
                    seen[itemId] = conflict.Item;
                    break;
            }
        }
    }

    /// <summary>Inserts <paramref name="token"/> at a random point of <paramref name="text"/> that is not inside another token; often at an end, where edits collide.</summary>
    private static string Insert(string text, string token, Random random)
    {
        var inside = TokenPattern().Matches(text).SelectMany(m => Enumerable.Range(m.Index + 1, m.Length - 1)).ToHashSet();
        var points = Enumerable.Range(0, text.Length + 1).Where(p => !inside.Contains(p)).ToList();
        var at = random.NextDouble() switch
        {
            < 0.08 => 0,
            < 0.16 => text.Length,
            _ => points[random.Next(points.Count)],
        };
        return text.Insert(at, token);
    }

    [GeneratedRegex(@"\[e\d+-\d+\]")]
    private static partial Regex TokenPattern();
}
