using System.Globalization;
using CareHub.AdtSimulator;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(SimulatorOptions.Usage);
    return 0;
}
if (!SimulatorOptions.TryParse(args, out var options, out var error))
{
    Console.Error.WriteLine($"CareHub.AdtSimulator: {error}");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var traffic = new AdtTraffic(options.Patients, options.MrnStart, options.Authority, options.Seed);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Sending ADT to {options.Host}:{options.Port} at {options.Rate} msg/s for {options.Seconds} s over {options.Connections} connection(s)..."));
try
{
    var report = await new Sender(traffic).RunAsync(options, stop.Token);
    Console.WriteLine(report.Summary());
    return 0;
}
catch (ConnectFailedException e)
{
    Console.Error.WriteLine($"CareHub.AdtSimulator: {e.Message}");
    return 1;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("CareHub.AdtSimulator: stopped before the connections were open.");
    return 1;
}
