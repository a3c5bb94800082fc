using Bunit;
using CareHub.Domain.CarePlans;
using CareHub.Web.Features.CarePlans;
using CareHub.Web.Realtime;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static CareHub.Web.Tests.Features.CarePlans.CarePlanSamples;

namespace CareHub.Web.Tests.Features.CarePlans;

/// <summary>One text field of an item, with a save whose answers the test gives: what the person sees at each step.</summary>
public sealed class CarePlanTextFieldTests : CareHubComponentTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly CarePlanItemView Walking = Item("Walks 10 minutes a day", version: 3);

    private readonly ScriptedSave _save = new();

    public CarePlanTextFieldTests()
    {
        Services.AddSingleton(TimeProvider.System);
    }

    private IRenderedComponent<CarePlanTextField> RenderField(CarePlanItemView? item = null, TimeSpan? debounce = null,
        IReadOnlyList<PresenceEntry>? others = null) =>
        Render<CarePlanTextField>(p => p
            .Add(x => x.Item, item ?? Walking)
            .Add(x => x.Field, CarePlanField.Text)
            .Add(x => x.PlanId, PlanId)
            .Add(x => x.Label, "Goal")
            .Add(x => x.Save, _save.SaveAsync)
            .Add(x => x.Others, others ?? [])
            .Add(x => x.DebounceDelay, debounce ?? TimeSpan.FromMinutes(5)));

    private static string StateOf(IRenderedComponent<CarePlanTextField> cut) => cut.Find("[data-testid=save-state]").TextContent.Trim();

    private static void Type(IRenderedComponent<CarePlanTextField> cut, string text) => cut.Find("textarea").Input(text);

    [Fact]
    public void The_field_has_its_label_its_text_and_the_browser_draft_attributes()
    {
        var cut = RenderField();

        var area = cut.Find("[data-testid=careplan-field][data-field=text] textarea");
        area.GetAttribute("value").ShouldBe("Walks 10 minutes a day");
        cut.Find($"label[for='{area.Id}']").TextContent.ShouldBe("Goal");
        area.GetAttribute("data-draft-key").ShouldBe($"{PlanId:D}:{Walking.Id:D}:text");
        area.GetAttribute("data-draft-base").ShouldBe("3");
        StateOf(cut).ShouldBeEmpty();
    }

    [Fact]
    public void Leaving_the_field_saves_what_was_typed_and_says_saving_then_saved()
    {
        var cut = RenderField();
        Type(cut, "Walks 15 minutes a day");

        cut.Find("textarea").Blur();

        var edit = _save.Edits.ShouldHaveSingleItem();
        edit.ShouldBe(new FieldEdit(Walking.Id, CarePlanField.Text, 3, "Walks 15 minutes a day"));
        StateOf(cut).ShouldBe("Saving…");

        _save.Answer(new CarePlanResult.Saved(Walking with { Text = "Walks 15 minutes a day", Version = 4 }, "Walks 15 minutes a day", false, 9));

        cut.WaitForAssertion(() => StateOf(cut).ShouldBe("Saved"), Patience);
        cut.Find("textarea").GetAttribute("data-draft-base").ShouldBe("4");
    }

    [Fact]
    public void A_pause_in_typing_saves_by_itself()
    {
        var cut = RenderField(debounce: TimeSpan.FromMilliseconds(50));

        Type(cut, "Walks 15 minutes a day");

        // The save is called from a timer, not from a render the test could wait for.
        WaitForEdits(1);
        _save.Edits.ShouldHaveSingleItem().Value.ShouldBe("Walks 15 minutes a day");
        cut.WaitForAssertion(() => StateOf(cut).ShouldBe("Saving…"), Patience);
    }

    [Fact]
    public void A_merged_save_shows_the_merged_text_and_whose_change_it_was_merged_with()
    {
        var cut = RenderField();
        Type(cut, "Walks 10 minutes a day after lunch");
        cut.Find("textarea").Blur();

        _save.Answer(new CarePlanResult.Saved(Walking with { Version = 5 }, "Daily: Walks 10 minutes a day after lunch", true, 9) { MergedWith = "Devon Okafor" });

        cut.WaitForAssertion(() => StateOf(cut).ShouldBe("Merged with Devon Okafor's change"), Patience);
        cut.Find("textarea").GetAttribute("value").ShouldBe("Daily: Walks 10 minutes a day after lunch");
    }

    [Fact]
    public void A_refused_save_says_why_and_keeps_the_typed_text()
    {
        var cut = RenderField();
        Type(cut, "Walks 15 minutes a day");
        cut.Find("textarea").Blur();

        _save.Answer(new CarePlanResult.Invalid("The text can be at most 4000 characters (it has 4001)."));

        cut.WaitForAssertion(() => StateOf(cut).ShouldStartWith("Not saved: The text can be at most 4000 characters (it has 4001)."), Patience);
        cut.Find("textarea").GetAttribute("value").ShouldBe("Walks 15 minutes a day");
        cut.Find("[data-testid=save-state] [role=alert]").ShouldNotBeNull();
    }

    [Fact]
    public void Try_again_saves_the_kept_text_once_more()
    {
        var cut = RenderField();
        Type(cut, "Walks 15 minutes a day");
        cut.Find("textarea").Blur();
        _save.Answer(new CarePlanResult.Invalid(CarePlanMessages.CouldNotSave));
        cut.WaitForAssertion(() => StateOf(cut).ShouldStartWith("Not saved"), Patience);

        cut.Find("[data-testid=save-state] button").Click();

        WaitForEdits(2);
        _save.Edits[1].ShouldBe(_save.Edits[0]);
    }

    [Fact]
    public void A_conflict_shows_both_texts_and_saves_nothing_until_the_person_chooses()
    {
        var cut = RenderField();
        SaveIntoConflict(cut);

        var conflict = cut.Find("[data-testid=conflict]");
        conflict.QuerySelector("[data-testid=conflict-theirs]")!.TextContent.ShouldBe("Walks 15 minutes a day");
        conflict.QuerySelector("[data-testid=conflict-mine]")!.TextContent.ShouldBe("Walks 20 minutes a day");
        conflict.TextContent.ShouldContain("Their text (by Devon Okafor)");
        conflict.TextContent.ShouldContain("Your text");
        conflict.QuerySelectorAll("button").Select(b => b.TextContent.Trim()).ShouldBe(["Keep theirs", "Use mine", "Save combined"]);
        cut.Find("[data-testid=conflict] textarea").GetAttribute("value").ShouldBe("Walks 15 minutes a day", "the combination starts as their text");
        cut.Find("[data-testid=careplan-field] > textarea").HasAttribute("readonly").ShouldBeTrue();
        StateOf(cut).ShouldStartWith("Not saved");
        _save.Edits.Count.ShouldBe(1);
    }

    [Fact]
    public void Use_mine_saves_my_text_from_the_version_the_conflict_showed()
    {
        var cut = RenderField();
        SaveIntoConflict(cut);

        Button(cut, "Use mine");

        WaitForEdits(2);
        _save.Edits[^1].ShouldBe(new FieldEdit(Walking.Id, CarePlanField.Text, 7, "Walks 20 minutes a day"));
        _save.Answer(new CarePlanResult.Saved(Walking with { Text = "Walks 20 minutes a day", Version = 8 }, "Walks 20 minutes a day", false, 12));
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=conflict]").ShouldBeEmpty(), Patience);
        StateOf(cut).ShouldBe("Saved");
    }

    [Fact]
    public void Keep_theirs_shows_their_text_and_saves_nothing()
    {
        var cut = RenderField();
        SaveIntoConflict(cut);

        Button(cut, "Keep theirs");

        cut.FindAll("[data-testid=conflict]").ShouldBeEmpty();
        cut.Find("textarea").GetAttribute("value").ShouldBe("Walks 15 minutes a day");
        _save.Edits.Count.ShouldBe(1, "their text is already saved");
    }

    [Fact]
    public void Save_combined_saves_the_combination_from_the_conflicts_version()
    {
        var cut = RenderField();
        SaveIntoConflict(cut);

        cut.Find("[data-testid=conflict] textarea").Input("Walks 15 to 20 minutes a day");
        Button(cut, "Save combined");

        WaitForEdits(2);
        _save.Edits[^1].ShouldBe(new FieldEdit(Walking.Id, CarePlanField.Text, 7, "Walks 15 to 20 minutes a day"));
    }

    [Fact]
    public void A_change_from_elsewhere_shows_in_a_field_nobody_is_typing_in()
    {
        var cut = RenderField();

        cut.Render(p => p.Add(x => x.Item, Walking with { Text = "Walks 20 minutes a day", Version = 4 }));

        cut.Find("textarea").GetAttribute("value").ShouldBe("Walks 20 minutes a day");
    }

    [Fact]
    public void A_change_from_elsewhere_does_not_overwrite_what_the_person_is_typing()
    {
        var cut = RenderField();
        Type(cut, "Walks 10 minutes a day after lunch");

        cut.Render(p => p.Add(x => x.Item, Walking with { Text = "Daily: Walks 10 minutes a day", Version = 4 }));

        cut.Find("textarea").GetAttribute("value").ShouldBe("Walks 10 minutes a day after lunch");
        cut.Find("textarea").GetAttribute("data-draft-base").ShouldBe("3");
    }

    [Fact]
    public void Another_person_in_the_field_shows_as_a_named_tag_and_an_outline_in_their_colour()
    {
        var devon = PresenceEntry.For("their-circuit", Guid.NewGuid(), "Devon Okafor") with { Field = "item:x:text", Typing = true };

        var cut = RenderField(others: [devon]);

        cut.Find("[data-testid=field-presence]").TextContent.ShouldBe("Devon Okafor is typing…");
        cut.Find("textarea").GetAttribute("style")!.ShouldContain($"outline:2px solid {devon.Colour}");
        cut.Find("[aria-live=polite]").QuerySelector("[data-testid=field-presence]").ShouldNotBeNull();
    }

    private void SaveIntoConflict(IRenderedComponent<CarePlanTextField> cut)
    {
        Type(cut, "Walks 20 minutes a day");
        cut.Find("textarea").Blur();
        _save.Answer(new CarePlanResult.Conflict(Walking with { Text = "Walks 15 minutes a day", Version = 7 }, CarePlanField.Text,
            "Walks 10 minutes a day", "Walks 20 minutes a day", "Walks 15 minutes a day", "Devon Okafor"));
        cut.WaitForAssertion(() => cut.Find("[data-testid=conflict]"), Patience);
    }

    // A save starts by showing "Saving…", so no render follows its call for the test to wait on: wait for the call.
    private void WaitForEdits(int count) => SpinWait.SpinUntil(() => _save.Count >= count, Patience).ShouldBeTrue($"{count} saves");

    // Not awaited: the click's handler waits for the save's answer, which the test gives afterwards.
    private static void Button(IRenderedComponent<CarePlanTextField> cut, string name) =>
        cut.FindAll("[data-testid=conflict] button").Single(b => b.TextContent.Trim() == name).Click();

    /// <summary>A save that records each edit and answers when the test says so.</summary>
    private sealed class ScriptedSave
    {
        private readonly List<TaskCompletionSource<CarePlanResult>> _pending = [];

        public List<FieldEdit> Edits { get; } = [];

        public int Count
        {
            get
            {
                lock (_pending)
                    return Edits.Count;
            }
        }

        public Task<CarePlanResult> SaveAsync(FieldEdit edit)
        {
            var reply = new TaskCompletionSource<CarePlanResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_pending)
            {
                Edits.Add(edit);
                _pending.Add(reply);
            }
            return reply.Task;
        }

        public void Answer(CarePlanResult result)
        {
            TaskCompletionSource<CarePlanResult> reply;
            lock (_pending)
            {
                reply = _pending[0];
                _pending.RemoveAt(0);
            }
            reply.SetResult(result);
        }
    }
}
