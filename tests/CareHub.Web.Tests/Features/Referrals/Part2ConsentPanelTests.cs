using Bunit;
using CareHub.Domain.Referrals;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Tests.Infrastructure;

namespace CareHub.Web.Tests.Features.Referrals;

/// <summary>
/// The consent form on a substance use treatment referral's page: it says every missing or impossible value in a sentence
/// and sends nothing until they are right; recorded, the consent and the 42 CFR 2.32 notice show and the export is offered;
/// revoked, the form is back and the export is withdrawn.
/// </summary>
public sealed class Part2ConsentPanelTests(PatientsDatabase database) : ReferralPageTest(database)
{
    // The bed's clock: Monday 2 March 2026 in New York.
    private static readonly DateOnly Today = new(2026, 3, 2);

    private async Task<(IRenderedComponent<ReferralDetailPage> Cut, Guid Id)> SudPageAsync()
    {
        var team = await SignedInTeamAsync();
        var id = await Bed.CreateAsync(team, new NewReferral(team[0].Id, team.Team.Id, ReferralType.SubstanceUseTreatment, ReferralUrgency.Routine,
            "New Path Recovery Center", "Alcohol use disorder, requests treatment") { Send = true });
        var cut = Render<ReferralDetailPage>(p => p.Add(x => x.ReferralId, id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=part2-consent-form]"), Patience);
        return (cut, id);
    }

    // MudBlazor puts the test id on the input (or textarea) itself.
    private static void Type(IRenderedComponent<ReferralDetailPage> cut, string testId, string value) =>
        cut.Find($"input[data-testid={testId}], textarea[data-testid={testId}]").Input(value);

    private static void Submit(IRenderedComponent<ReferralDetailPage> cut) => cut.Find("[data-testid=part2-consent-form]").Submit();

    [Fact]
    public async Task An_empty_form_says_what_is_missing_and_records_nothing()
    {
        var (cut, id) = await SudPageAsync();
        cut.Find("[data-testid=part2-consent-status]").TextContent.ShouldContain("No consent on file");
        cut.FindAll("[data-testid=referral-fhir]").ShouldBeEmpty();
        cut.Find("[data-testid=referral-fhir-needs-consent]");
        Type(cut, "part2-form-recipient", "");

        Submit(cut);

        cut.WaitForAssertion(() =>
        {
            cut.Markup.ShouldContain("Who signed the consent is required.");
            cut.Markup.ShouldContain("Who may receive the information is required.");
            cut.Markup.ShouldContain("The purpose of the disclosure is required.");
        }, Patience);
        (await Bed.ReferralAsync(id)).Part2ConsentRecordedAt.ShouldBeNull();
    }

    [Fact]
    public async Task Impossible_days_are_refused_by_the_form_with_a_sentence()
    {
        var (cut, id) = await SudPageAsync();
        Type(cut, "part2-form-consented-by", "The patient");
        Type(cut, "part2-form-purpose", "Treatment");
        cut.Find("[data-testid=part2-form-signed-on]").Change(Today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        cut.Find("input[data-testid=part2-form-until-revoked]").Change(false);

        Submit(cut);

        cut.WaitForAssertion(() =>
        {
            cut.Find("[data-testid=part2-form-signed-on-error]").TextContent.ShouldBe("The consent cannot be signed on a day still to come.");
            cut.Find("[data-testid=part2-form-expires-on-error]").TextContent
                .ShouldBe("Enter the last day the consent holds, or choose \"until the patient revokes it\".");
        }, Patience);
        (await Bed.ReferralAsync(id)).Part2ConsentRecordedAt.ShouldBeNull();
    }

    [Fact]
    public void The_forms_rules_match_the_domains_sentences()
    {
        var form = new Part2ConsentForm { ConsentedBy = "P", Recipient = "Team", Purpose = "Care", SignedOn = Today, UntilRevoked = false, ExpiresOn = Today.AddDays(-1) };

        Part2ConsentPanel.Validate(form, Today).ShouldBe(new Dictionary<string, string>
        {
            [nameof(Part2ConsentForm.ExpiresOn)] = "The consent cannot end before the day it was signed.",
        });
        form.SignedOn = Today.AddDays(-9);
        Part2ConsentPanel.Validate(form, Today)[nameof(Part2ConsentForm.ExpiresOn)].ShouldBe("That consent has already ended: ask the patient for a new one.");
        form.ExpiresOn = Today;
        Part2ConsentPanel.Validate(form, Today).ShouldBeEmpty();
        form.Purpose = new string('x', Referral.MaxConsentPurposeLength + 1);
        Part2ConsentPanel.Validate(form, Today)[nameof(Part2ConsentForm.Purpose)].ShouldBe("The purpose of the disclosure can be at most 500 characters (it has 501).");
    }

    [Fact]
    public async Task A_complete_form_records_the_consent_shows_the_notice_and_offers_the_export_and_revoking_takes_it_back()
    {
        var (cut, id) = await SudPageAsync();
        Type(cut, "part2-form-consented-by", "Jordan Canarywood (guardian)");
        Type(cut, "part2-form-purpose", "Care coordination and treatment");

        Submit(cut);

        cut.WaitForAssertion(() => cut.Find("[data-testid=part2-consent]").GetAttribute("data-state").ShouldBe(nameof(Part2ConsentState.Active)), Patience);
        cut.Find("[data-testid=part2-consented-by]").TextContent.ShouldBe("Jordan Canarywood (guardian)");
        cut.Find("[data-testid=part2-recipient]").TextContent.ShouldEndWith("care team");
        cut.Find("[data-testid=part2-notice]").TextContent.ShouldContain("42 CFR part 2");
        cut.Find("[data-testid=referral-fhir]");
        var stored = await Bed.ReferralAsync(id);
        (stored.Part2ConsentedBy, stored.Part2ConsentSignedOn, stored.Part2ConsentExpiresOn)
            .ShouldBe(("Jordan Canarywood (guardian)", (DateOnly?)Today, (DateOnly?)null));

        cut.Find("[data-testid=part2-revoke]").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid=part2-consent]").GetAttribute("data-state").ShouldBe(nameof(Part2ConsentState.Revoked)), Patience);
        cut.Find("[data-testid=part2-consent-form]");
        cut.FindAll("[data-testid=referral-fhir]").ShouldBeEmpty();
        (await Bed.ReferralAsync(id)).Part2ConsentRevokedAt.ShouldNotBeNull();
    }
}
