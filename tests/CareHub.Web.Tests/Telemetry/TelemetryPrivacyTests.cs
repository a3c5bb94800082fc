using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using CareHub.Data.Telemetry;
using CareHub.Domain.Encounters;
using CareHub.Interop.Acks;
using CareHub.Tests.Infrastructure;
using CareHub.Web.Features.Census;
using CareHub.Web.Realtime;
using CareHub.Web.Telemetry;
using CareHub.Web.Tests.Features.Census;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace CareHub.Web.Tests.Telemetry;

/// <summary>
/// The whole app with telemetry on (an OTLP endpoint nobody listens at, and an exporter in memory beside it): a
/// signed-in user opens a patient, searches by the patient's name in the query string and follows the patient on the
/// hub, and an A01 for that patient comes through the ADT feed. Every span any CareHub or ASP.NET Core source made,
/// every span exported and every measurement must be free of the patient's MRN and names, and the expected spans must
/// be there.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryPrivacyTests
{
    private const string HostingActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";
    private const string SignalRSource = "Microsoft.AspNetCore.SignalR.Server";

    [Fact]
    public async Task No_span_attribute_or_measurement_names_the_patient_and_every_part_of_the_app_is_traced()
    {
        var ct = TestContext.Current.CancellationToken;
        var heard = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name.StartsWith("CareHub.", StringComparison.Ordinal) || s.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = heard.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var measured = new ConcurrentQueue<(string Instrument, KeyValuePair<string, object?>[] Tags)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name.StartsWith("CareHub.", StringComparison.Ordinal))
                l.EnableMeasurementEvents(instrument);
        };
        meters.SetMeasurementEventCallback<long>((i, _, tags, _) => measured.Enqueue((i.Name, tags.ToArray())));
        meters.SetMeasurementEventCallback<int>((i, _, tags, _) => measured.Enqueue((i.Name, tags.ToArray())));
        meters.SetMeasurementEventCallback<double>((i, _, tags, _) => measured.Enqueue((i.Name, tags.ToArray())));
        meters.Start();
        var exported = new LockedList<Activity>();

        await using var server = new CareHubServer(
            settings: new Dictionary<string, string?> { ["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:9/" },
            services: s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(exported)));
        server.Start();
        var (patient, patientId, teamId) = await PatientAsync(server, ct);
        var staffId = await MemberOfAsync(server, teamId, ct);

        using (var session = await server.SignedInClientAsync(staffId, ct))
        {
            using var page = await session.Client.GetAsync(new Uri($"/patients/{patientId}", UriKind.Relative), ct);
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var search = await session.Client.GetAsync(
                new Uri($"/patients?q={Uri.EscapeDataString(patient.FamilyName)}&name={Uri.EscapeDataString(patient.GivenName)}&mrn={patient.Mrn}", UriKind.Relative), ct);
            search.StatusCode.ShouldBe(HttpStatusCode.OK);
            foreach (var noise in new[] { "/health/live", "/_framework/blazor.web.js" })
            {
                using var response = await session.Client.GetAsync(new Uri(noise, UriKind.Relative), ct);
                response.StatusCode.ShouldBe(HttpStatusCode.OK, noise);
            }
            var cookie = session.CookieHeader;
            await using var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(server.BaseAddress, CareHubHub.Path), (HttpConnectionOptions o) => o.Headers["Cookie"] = cookie)
                .Build();
            await hub.StartAsync(ct);
            await hub.InvokeAsync("JoinTopic", Topics.Patient(patientId), ct);
            await hub.StopAsync(ct);
        }
        var message = AdtFeedMessage.Admit(patient, AdtFeedMessage.NewVisitNumber(), DateTimeOffset.UtcNow.AddMinutes(-5));
        var outcome = await server.Services.GetRequiredService<AdtProcessor>().ProcessAsync(message.Text(), "test", "telemetry", ct);
        outcome.Code.ShouldBe(AckCode.AA, outcome.Result);
        await Task.Delay(200, ct); // the last spans end as the responses and publications finish

        var spans = heard.ToArray();
        var secrets = new[] { patient.Mrn, patient.FamilyName, patient.GivenName, message.ControlId, message.VisitNumber };
        foreach (var span in spans.Concat(exported.Snapshot()))
        {
            foreach (var secret in secrets)
            {
                span.DisplayName.ShouldNotContain(secret, Case.Insensitive, $"{span.Source.Name} {span.OperationName}");
                foreach (var (key, value) in span.TagObjects)
                    (Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)
                        .ShouldNotContain(secret, Case.Insensitive, $"{span.Source.Name} {span.OperationName} {key}");
            }
        }
        foreach (var (instrument, tags) in measured)
        {
            foreach (var secret in secrets)
            {
                foreach (var (key, value) in tags)
                    (value as string ?? string.Empty).ShouldNotContain(secret, Case.Insensitive, $"{instrument} {key}");
            }
        }

        // What was heard: a request span named by its route, a database span, a publish span, the feed's batch span.
        spans.ShouldContain(a => a.OperationName == HostingActivity && Equals(a.GetTagItem("http.route"), "/patients/{PatientId:guid}"));
        spans.ShouldContain(a => a.Source.Name == DbCommandTelemetry.SourceName && a.OperationName == DbCommandTelemetry.ActivityName
            && Equals(a.GetTagItem("db.system"), "sqlite") && Equals(a.GetTagItem("db.operation.name"), "SELECT"));
        spans.ShouldContain(a => a.Source.Name == RealtimeTelemetry.Name && a.OperationName == RealtimeTelemetry.PublishActivity
            && Equals(a.GetTagItem(RealtimeTelemetry.TopicKindTag), "census") && Equals(a.GetTagItem(RealtimeTelemetry.EventKindTag), CensusEvents.CensusChanged));
        spans.ShouldContain(a => a.Source.Name == CensusTelemetry.Name && a.OperationName == CensusTelemetry.BatchActivity);
        spans.ShouldContain(a => a.Source.Name == SignalRSource && a.DisplayName.Contains("JoinTopic", StringComparison.Ordinal));
        measured.ShouldContain(m => m.Instrument == "carehub.adt.messages"
            && m.Tags.Contains(new KeyValuePair<string, object?>(CensusTelemetry.AckCodeTag, "AA"))
            && m.Tags.Contains(new KeyValuePair<string, object?>(CensusTelemetry.EventTypeTag, "A01")));

        // What was exported: the same parts, the search named by its route with no query, and no transport or static file.
        var sent = exported.Snapshot();
        var searchSpan = sent.Where(a => a.OperationName == HostingActivity && Equals(a.GetTagItem("http.route"), "/patients")).ShouldHaveSingleItem();
        searchSpan.DisplayName.ShouldBe("GET /patients");
        searchSpan.GetTagItem("url.query").ShouldBeNull();
        sent.ShouldContain(a => a.OperationName == HostingActivity && a.DisplayName == "GET /patients/{PatientId:guid}");
        sent.ShouldContain(a => a.Source.Name == DbCommandTelemetry.SourceName);
        sent.ShouldContain(a => a.Source.Name == RealtimeTelemetry.Name);
        sent.ShouldContain(a => a.Source.Name == CensusTelemetry.Name);
        sent.ShouldContain(a => a.Source.Name == SignalRSource);
        sent.ShouldNotContain(a => a.OperationName == HostingActivity && IsTransportOrStatic(a.GetTagItem("url.path") as string));
    }

    private static bool IsTransportOrStatic(string? path) =>
        path is null || path.StartsWith("/_", StringComparison.Ordinal) || Path.HasExtension(path);

    /// <summary>A demo patient of the feed's authority on exactly one team with no stay in progress, with names long enough not to match by chance.</summary>
    private static async Task<(FeedPatient Patient, Guid PatientId, Guid TeamId)> PatientAsync(CareHubServer server, CancellationToken ct)
    {
        await using var db = server.SystemDb();
        var recent = DateTimeOffset.UtcNow.AddDays(-2);
        var candidates = await db.Patients.AsNoTracking().Include(p => p.Teams)
            .Where(p => p.Mrn.StartsWith("4") && p.AssigningAuthority == "CHS" && p.MergedIntoId == null && p.Teams.Count == 1)
            .Where(p => !db.Encounters.Any(e => e.PatientId == p.Id
                && (e.Status == EncounterStatus.InProgress || e.Status == EncounterStatus.Planned || e.DischargedAt >= recent)))
            .OrderBy(p => p.Mrn)
            .ToListAsync(ct);
        var patient = candidates.FirstOrDefault(p => p.FamilyName.Length >= 5 && p.GivenName.Length >= 5) ?? candidates.First();
        var sex = patient.Sex == Domain.Patients.AdministrativeSex.Male ? "M" : "F";
        return (new FeedPatient(patient.Mrn, patient.FamilyName, patient.GivenName, patient.BirthDate, sex), patient.Id, patient.Teams[0].TeamId);
    }

    private static async Task<Guid> MemberOfAsync(CareHubServer server, Guid teamId, CancellationToken ct)
    {
        await using var db = server.SystemDb();
        return await db.TeamMemberships.Where(m => m.TeamId == teamId).OrderBy(m => m.StaffId).Select(m => m.StaffId).FirstAsync(ct);
    }

    /// <summary>A list the exporter adds to from any thread while the test reads a copy.</summary>
    private sealed class LockedList<T> : Collection<T>
    {
        private readonly Lock _gate = new();

        public T[] Snapshot()
        {
            lock (_gate)
                return [.. Items];
        }

        protected override void InsertItem(int index, T item)
        {
            lock (_gate)
                base.InsertItem(index, item);
        }
    }
}
