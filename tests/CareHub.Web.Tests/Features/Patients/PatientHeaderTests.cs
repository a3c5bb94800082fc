using Bunit;
using CareHub.Domain.Encounters;
using CareHub.Web.Features.Patients;
using CareHub.Web.Tests.Infrastructure;
using static CareHub.Web.Tests.Features.Patients.PatientsSamples;

namespace CareHub.Web.Tests.Features.Patients;

public sealed class PatientHeaderTests : CareHubComponentTest
{
    public PatientHeaderTests() => RenderPopoverProvider();

    [Fact]
    public void The_header_shows_demographics_coverage_care_team_and_open_work()
    {
        var cut = Render<PatientHeader>(p => p.Add(x => x.Patient, Ana()));

        cut.Find("[data-testid=patient-name]").TextContent.ShouldBe("Garcia, Ana");
        var text = cut.Find("[data-testid=patient-header]").TextContent;
        text.ShouldContain($"MRN 40012345 (CAREHUB) · born {new DateOnly(1950, 6, 15):MMM d, yyyy} · 75 years · Female");
        cut.Find("[data-testid=patient-language]").TextContent.ShouldBe("Spanish (interpreter needed)");
        text.ShouldContain("Medicare Advantage · Humana Gold Plus");
        text.ShouldContain("Dr. Lee Park");
        text.ShouldContain("Casey Coordinator");
        text.ShouldContain("North Care Team");
        text.ShouldContain("3 open tasks, 1 open referral");
    }

    [Fact]
    public void Active_conditions_are_listed_with_the_Charlson_points()
    {
        var cut = Render<PatientHeader>(p => p.Add(x => x.Patient, Ana()));

        var conditions = cut.Find("[data-testid=patient-conditions]");
        conditions.QuerySelectorAll(".mud-chip").Select(c => c.TextContent.Trim()).ShouldBe(["Type 2 diabetes mellitus", "Heart failure"]);
        cut.Markup.ShouldContain("(Charlson 2)");
    }

    [Fact]
    public void A_current_stay_shows_where_and_since_when()
    {
        var stay = Inpatient();

        var cut = Render<PatientHeader>(p => p.Add(x => x.Patient, Ana(stay: stay)));

        var shown = cut.Find("[data-testid=patient-stay]");
        shown.QuerySelector("[data-testid=stay-chip]")!.TextContent.Trim().ShouldBe("Inpatient");
        shown.TextContent.ShouldContain("Riverside General, 4 West, bed 12B");
        shown.TextContent.ShouldContain($"since {stay.Since.ToLocalTime():MMM d, HH:mm}");
    }

    [Fact]
    public void Missing_facts_are_said_plainly()
    {
        var patient = Ana(interpreter: false, conditions: []) with { PrimaryCareProvider = null, Coordinator = null, PlanName = null, OpenTasks = 1, OpenReferrals = 0 };

        var cut = Render<PatientHeader>(p => p.Add(x => x.Patient, patient));

        cut.FindAll("[data-testid=patient-stay]").ShouldBeEmpty();
        cut.Find("[data-testid=patient-language]").TextContent.ShouldBe("Spanish");
        var text = cut.Find("[data-testid=patient-header]").TextContent;
        text.ShouldContain("None on record");
        text.ShouldContain("Unassigned");
        text.ShouldContain("1 open task, 0 open referrals");
        cut.Find("[data-testid=patient-conditions]").TextContent.Trim().ShouldBe("No active conditions on record.");
    }

    [Theory]
    [InlineData(EncounterClass.Emergency, "In the ED")]
    [InlineData(EncounterClass.Observation, "Observation")]
    [InlineData(EncounterClass.SkilledNursing, "In a SNF")]
    public void The_stay_chip_names_the_kind_of_stay(EncounterClass kind, string label)
    {
        var cut = Render<StayChip>(p => p.Add(x => x.Stay, Inpatient() with { Class = kind, Unit = null, Bed = null }));

        cut.Find("[data-testid=stay-chip]").TextContent.Trim().ShouldBe(label);
    }
}
