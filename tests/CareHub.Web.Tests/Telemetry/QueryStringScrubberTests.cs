using System.Diagnostics;
using CareHub.Web.Telemetry;
using Microsoft.AspNetCore.Http;

namespace CareHub.Web.Tests.Telemetry;

public sealed class QueryStringScrubberTests
{
    [Fact]
    public void The_query_is_dropped_and_cut_off_urls_and_the_name()
    {
        using var activity = new Activity("request");
        activity.DisplayName = "GET /patients?q=Okafor";
        activity.SetTag("url.query", "q=Redacted");
        activity.SetTag("url.full", "https://carehub/patients?q=Okafor");
        activity.SetTag("http.target", "/patients?q=Okafor&page=2");
        activity.SetTag("http.route", "/patients");
        activity.SetTag("http.response.status_code", 200);

        QueryStringScrubber.Scrub(activity);

        activity.GetTagItem("url.query").ShouldBeNull();
        activity.GetTagItem("url.full").ShouldBe("https://carehub/patients");
        activity.GetTagItem("http.target").ShouldBe("/patients");
        activity.GetTagItem("http.route").ShouldBe("/patients");
        activity.GetTagItem("http.response.status_code").ShouldBe(200);
        activity.DisplayName.ShouldBe("GET /patients");
    }

    [Theory]
    [InlineData("q=Okafor")]
    [InlineData("q=Okafor&sort=name")]
    [InlineData("/somewhere?q=Okafor")]
    public void Any_other_attribute_that_looks_like_a_query_string_is_dropped(string value)
    {
        using var activity = new Activity("request");
        activity.SetTag("custom.thing", value);
        activity.SetTag("carehub.realtime.topic_kind", "census");

        QueryStringScrubber.Scrub(activity);

        activity.GetTagItem("custom.thing").ShouldBeNull();
        activity.GetTagItem("carehub.realtime.topic_kind").ShouldBe("census");
    }

    [Fact]
    public void An_attribute_holding_a_value_of_the_request_query_is_dropped_on_the_request_and_the_spans_under_it()
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?q=Okafor%20Ngozi");
        using var request = new Activity("request").Start();
        QueryStringScrubber.Remember(request, context.Request);
        request.SetTag("echo", "searched for Okafor Ngozi");
        using var child = new Activity("child").Start();
        child.SetTag("echo", "OKAFOR NGOZI");
        child.SetTag("db.operation.name", "SELECT");

        QueryStringScrubber.Scrub(child);
        QueryStringScrubber.Scrub(request);

        request.GetTagItem("echo").ShouldBeNull();
        child.GetTagItem("echo").ShouldBeNull();
        child.GetTagItem("db.operation.name").ShouldBe("SELECT");
        request.GetCustomProperty(QueryStringScrubber.QueryValuesProperty).ShouldBe(new[] { "Okafor Ngozi" });
        request.Tags.ShouldNotContain(t => t.Value != null && t.Value.Contains("Okafor", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/patients", true)]
    [InlineData("/patients/0b6f1c8e-6d5f-4b53-9c1e-2f0a7d1c3b2a", true)]
    [InlineData("/hubs/carehub", true)]
    [InlineData("/api/adt", true)]
    [InlineData("/_blazor", false)]
    [InlineData("/_blazor/negotiate", false)]
    [InlineData("/_framework/blazor.web.js", false)]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css", false)]
    [InlineData("/app.css", false)]
    [InlineData("/health/ready", false)]
    public void Requests_are_traced_except_transport_static_files_and_probes(string path, bool traced)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;

        Web.Composition.TelemetryComposition.ShouldTrace(context).ShouldBe(traced);
    }
}
