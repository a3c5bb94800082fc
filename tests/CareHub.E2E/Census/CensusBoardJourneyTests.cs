using System.Diagnostics;
using System.Globalization;
using CareHub.Domain.Encounters;
using CareHub.E2E.Infrastructure;
using CareHub.E2E.Pages;
using CareHub.Interop.Hl7;
using CareHub.Interop.Mllp;
using CareHub.Web.Features.Census;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.E2E.Census;

/// <summary>A hospital's ADT feed over MLLP and the census board a coordinator has open.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CensusBoardJourneyTests(CareHubBrowser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task An_admission_sent_over_MLLP_shows_on_the_open_census_board_within_a_second()
    {
        var maria = await browser.Data.CoordinatorAsync();
        var patient = await PatientNotInHouseAsync(maria);
        var context = await browser.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await (await SignInPage.OpenAsync(page)).SignInAsAsync(maria.Name);
            var board = await CensusBoardPage.OpenAsync(page);
            Screenshots.PublishToDocs(await Screenshots.SaveAsync(page, "census-board.png"));
            await Expect(board.Row(patient.Id)).ToHaveCountAsync(0);

            var listener = await browser.Server.Services.GetRequiredService<MllpListener>().Bound;
            await using var hospital = await MllpClient.ConnectAsync("127.0.0.1", listener.Port, TestContext.Current.CancellationToken);
            var now = Hl7DateTime.Format(DateTimeOffset.UtcNow);
            var controlId = $"E2E{Guid.NewGuid():N}"[..20];
            var ack = await hospital.SendAsync(string.Join('\r',
                $"MSH|^~\\&|EPIC|RGH|CAREHUB|CHS|{now}||ADT^A01^ADT_A01|{controlId}|P|2.5.1",
                $"EVN|A01|{now}",
                $"PID|1||{patient.Mrn}^^^CHS^MR||{patient.FamilyName}^{patient.GivenName}||{patient.BirthDate:yyyyMMdd}|F",
                "PV1|1|I|5E^512^A^RGH||||||||||||||||V-E2E-1",
                ""), TestContext.Current.CancellationToken);
            var clock = Stopwatch.StartNew();
            ack.ShouldContain("MSA|AA");

            await Expect(board.Row(patient.Id)).ToBeVisibleAsync(new() { Timeout = 1_000 });
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"On the board {clock.ElapsedMilliseconds} ms after the acknowledgement"));
            await Expect(board.Row(patient.Id).GetByTestId("census-class")).ToContainTextAsync("Inpatient");
            await board.SearchAsync(patient.Mrn);
            await Expect(board.Rows).ToHaveCountAsync(1);
            Screenshots.PublishToDocs(await Screenshots.SaveAsync(page, "census-admission.png"));
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    /// <summary>A patient of the person's teams with no stay in progress (so the admission adds a row).</summary>
    private async Task<Domain.Patients.Patient> PatientNotInHouseAsync(DemoPerson person)
    {
        for (var skip = 0; ; skip++)
        {
            var patient = await browser.Data.PatientOfAsync(person, skip);
            await using var db = browser.Server.SystemDb();
            var stays = await db.Encounters.AsNoTracking().Where(e => e.PatientId == patient.Id).ToListAsync();
            if (!stays.Any(e => e.Status == EncounterStatus.InProgress || (e.DischargedAt is { } out_ && out_ > DateTimeOffset.UtcNow.AddDays(-1))))
                return patient;
        }
    }
}
