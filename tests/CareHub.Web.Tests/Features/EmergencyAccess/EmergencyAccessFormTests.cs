using Bunit;
using CareHub.Domain.Access;
using CareHub.Web.Features.EmergencyAccess;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;

namespace CareHub.Web.Tests.Features.EmergencyAccess;

/// <summary>The break-the-glass form: what a clinician is told before anything is sent, in words they understand.</summary>
public sealed class EmergencyAccessFormTests : CareHubComponentTest
{
    private readonly List<EmergencyAccessRequest> _sent = [];

    private IRenderedComponent<EmergencyAccessForm> RenderForm(string? problem = null) => Render<EmergencyAccessForm>(p => p
        .Add(f => f.OnSubmit, EventCallback.Factory.Create<EmergencyAccessRequest>(this, r => _sent.Add(r)))
        .Add(f => f.Problem, problem));

    [Fact]
    public void An_empty_form_names_every_missing_field_and_sends_nothing()
    {
        var cut = RenderForm();

        cut.Find("[data-testid=ea-submit]").Click();

        cut.Markup.ShouldContain("MRN exactly as it is on their record.");
        cut.Markup.ShouldContain("s date of birth.");
        cut.Find("[data-testid=ea-reason-error]").TextContent.ShouldBe("Choose why you need this record.");
        cut.Markup.ShouldContain("Explain why you need this record.");
        _sent.ShouldBeEmpty();
    }

    [Fact]
    public void A_date_that_is_not_a_date_and_a_one_word_explanation_are_pointed_out()
    {
        var cut = RenderForm();

        Input(cut, "ea-mrn").Change("4000001");
        Input(cut, "ea-birth-date").Change("31/12/1950");
        Input(cut, "ea-explanation").Change("urgent");
        cut.Find("[data-testid=ea-submit]").Click();

        cut.Markup.ShouldContain("Enter the date of birth as MM/DD/YYYY.");
        cut.Markup.ShouldContain("Explain in a few more words (at least 10 characters).");
        cut.Markup.ShouldNotContain("MRN exactly as it is on their record.");
        _sent.ShouldBeEmpty();
    }

    [Fact]
    public void A_complete_form_is_sent_once_with_what_was_entered()
    {
        var cut = RenderForm();

        Input(cut, "ea-mrn").Change(" 4000001 ");
        Input(cut, "ea-birth-date").Change("03/07/1948");
        // The reasons in the order offered: the third is "Covering for another clinician".
        var covering = cut.FindAll("input[type=radio]")[2];
        covering.Click();
        Input(cut, "ea-explanation").Change("Covering Dr. Lee overnight; patient deteriorating");
        cut.Find("[data-testid=ea-submit]").Click();

        var sent = _sent.ShouldHaveSingleItem();
        sent.Mrn!.Trim().ShouldBe("4000001");
        sent.ParsedBirthDate.ShouldBe(new DateOnly(1948, 3, 7));
        sent.Reason.ShouldBe(EmergencyAccessReason.CoveringForAnotherClinician);
        cut.FindAll("[data-testid=ea-reason-error]").ShouldBeEmpty();
    }

    [Fact]
    public void What_the_server_answered_is_shown()
    {
        var cut = RenderForm(problem: EmergencyAccessText.NotFound);

        cut.Find("[data-testid=ea-problem]").TextContent.ShouldContain("No patient matches this MRN and date of birth.");
    }

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<EmergencyAccessForm> cut, string testId) =>
        cut.Find($"input[data-testid={testId}], [data-testid={testId}] input, textarea[data-testid={testId}], [data-testid={testId}] textarea");
}
