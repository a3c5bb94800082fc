using Bunit;
using CareHub.Web.Features.Patients;
using CareHub.Web.Tests.Infrastructure;
using static CareHub.Web.Tests.Features.Patients.PatientsSamples;

namespace CareHub.Web.Tests.Features.Patients;

public sealed class PatientLanguageEditorTests : CareHubComponentTest
{
    private readonly List<LanguageChange> _saved = [];

    private IRenderedComponent<PatientLanguageEditor> RenderEditor(PatientDetail patient) =>
        Render<PatientLanguageEditor>(p => p.Add(x => x.Patient, patient).Add(x => x.OnSave, (LanguageChange c) => _saved.Add(c)));

    private static string Language(IRenderedComponent<PatientLanguageEditor> cut) => cut.Find("input[type=text]").GetAttribute("value") ?? "";

    private static bool Interpreter(IRenderedComponent<PatientLanguageEditor> cut) => cut.Find("input[type=checkbox]").HasAttribute("checked");

    private static bool SaveDisabled(IRenderedComponent<PatientLanguageEditor> cut) => cut.Find("[data-testid=language-save]").HasAttribute("disabled");

    private static void Type(IRenderedComponent<PatientLanguageEditor> cut, string text) => cut.Find("input[type=text]").Input(text);

    [Fact]
    public void The_editor_starts_with_the_stored_values_and_Save_disabled()
    {
        var cut = RenderEditor(Ana());

        Language(cut).ShouldBe("Spanish");
        Interpreter(cut).ShouldBeTrue();
        SaveDisabled(cut).ShouldBeTrue();
    }

    [Fact]
    public void Save_is_enabled_by_a_change_and_disabled_again_when_it_is_undone()
    {
        var cut = RenderEditor(Ana());

        Type(cut, "Somali");
        SaveDisabled(cut).ShouldBeFalse();

        Type(cut, "  Spanish ");
        SaveDisabled(cut).ShouldBeTrue();

        cut.Find("input[type=checkbox]").Change(false);
        SaveDisabled(cut).ShouldBeFalse();
    }

    [Fact]
    public void Save_hands_over_the_typed_values_and_the_version_they_were_typed_against()
    {
        var cut = RenderEditor(Ana(version: 7));

        Type(cut, "Somali");
        cut.Find("input[type=checkbox]").Change(false);
        cut.Find("[data-testid=language-save]").Click();

        _saved.ShouldBe([new LanguageChange("Somali", false, 7)]);
    }

    [Fact]
    public void While_saving_the_button_says_so_and_cannot_be_pressed_again()
    {
        var cut = RenderEditor(Ana());
        Type(cut, "Somali");

        cut.Render(p => p.Add(x => x.IsSaving, true));

        SaveDisabled(cut).ShouldBeTrue();
        cut.Find("[data-testid=language-save]").TextContent.Trim().ShouldBe("Saving...");
    }

    [Fact]
    public void A_newer_version_replaces_the_fields_when_nothing_was_typed()
    {
        var cut = RenderEditor(Ana(version: 1));

        cut.Render(p => p.Add(x => x.Patient, Ana(version: 2, language: "Tagalog", interpreter: false)));

        Language(cut).ShouldBe("Tagalog");
        Interpreter(cut).ShouldBeFalse();
        SaveDisabled(cut).ShouldBeTrue();
    }

    [Fact]
    public void A_newer_version_keeps_what_was_typed()
    {
        var cut = RenderEditor(Ana(version: 1));
        Type(cut, "Somali");

        cut.Render(p => p.Add(x => x.Patient, Ana(version: 2, language: "Tagalog", interpreter: false)));

        Language(cut).ShouldBe("Somali");
        Interpreter(cut).ShouldBeTrue();
        SaveDisabled(cut).ShouldBeFalse();
        cut.Find("[data-testid=language-save]").Click();
        // Typed against version 1: the server answers with a conflict rather than silently replacing version 2.
        _saved.ShouldBe([new LanguageChange("Somali", true, 1)]);
    }

    [Fact]
    public void After_a_conflict_is_shown_saving_again_stands_against_the_version_now_shown()
    {
        var cut = RenderEditor(Ana(version: 1));
        Type(cut, "Somali");
        cut.Render(p => p.Add(x => x.Patient, Ana(version: 2, language: "Tagalog")));

        cut.Render(p => p.Add(x => x.Error, "Someone else changed the language or interpreter need while you were editing."));
        cut.Find("[data-testid=language-save]").Click();

        cut.Find("[data-testid=language-error]").TextContent.ShouldContain("Someone else changed");
        Language(cut).ShouldBe("Somali");
        _saved.ShouldBe([new LanguageChange("Somali", true, 2)]);
    }

    [Fact]
    public void After_my_own_save_comes_back_the_next_edit_is_typed_against_the_new_version()
    {
        var cut = RenderEditor(Ana(version: 1));
        Type(cut, "Somali");
        cut.Find("[data-testid=language-save]").Click();

        // The page reloads the patient after the save: version 2 holds what was typed here.
        cut.Render(p => p.Add(x => x.Patient, Ana(version: 2, language: "Somali")));
        SaveDisabled(cut).ShouldBeTrue();
        Type(cut, "French");
        cut.Find("[data-testid=language-save]").Click();

        _saved.ShouldBe([new LanguageChange("Somali", true, 1), new LanguageChange("French", true, 2)]);
    }
}
