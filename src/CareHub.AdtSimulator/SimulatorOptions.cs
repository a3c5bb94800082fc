using System.Globalization;

namespace CareHub.AdtSimulator;

/// <summary>The command line of the simulator.</summary>
public sealed record SimulatorOptions(
    string Host = "127.0.0.1",
    int Port = 2575,
    double Seconds = 60,
    double Rate = 50,
    int Connections = 4,
    int Patients = 2000,
    long MrnStart = 4_000_000,
    string Authority = "CHS",
    int Seed = 1)
{
    public const string Usage =
        "usage: CareHub.AdtSimulator --host 127.0.0.1 --port 2575 --seconds 60 --rate 50 --connections 4 [--patients 2000] [--mrn-start 4000000] [--authority CHS] [--seed 1]";

    public TimeSpan Duration => TimeSpan.FromSeconds(Seconds);

    /// <summary>Reads the arguments; false with one line saying what is wrong. Options left out keep their defaults.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out SimulatorOptions options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        options = new SimulatorOptions();
        error = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal))
                return Fail($"unexpected argument '{name}'; options look like --port 2575.", out error);
            if (!seen.Add(name))
                return Fail($"{name} is given more than once.", out error);
            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                return Fail($"{name} needs a value.", out error);
            var value = args[++i];
            switch (name)
            {
                case "--host":
                    if (string.IsNullOrWhiteSpace(value))
                        return Fail("--host needs a host name or address.", out error);
                    options = options with { Host = value };
                    break;
                case "--port":
                    if (!TryInt(value, 1, 65_535, out var port))
                        return Fail($"--port must be a whole number from 1 to 65535, not '{value}'.", out error);
                    options = options with { Port = port };
                    break;
                case "--seconds":
                    if (!TryDouble(value, 0.1, 86_400, out var seconds))
                        return Fail($"--seconds must be a number from 0.1 to 86400, not '{value}'.", out error);
                    options = options with { Seconds = seconds };
                    break;
                case "--rate":
                    if (!TryDouble(value, 0.1, 100_000, out var rate))
                        return Fail($"--rate (messages per second) must be a number from 0.1 to 100000, not '{value}'.", out error);
                    options = options with { Rate = rate };
                    break;
                case "--connections":
                    if (!TryInt(value, 1, 256, out var connections))
                        return Fail($"--connections must be a whole number from 1 to 256, not '{value}'.", out error);
                    options = options with { Connections = connections };
                    break;
                case "--patients":
                    if (!TryInt(value, 1, 10_000_000, out var patients))
                        return Fail($"--patients must be a whole number from 1 to 10000000, not '{value}'.", out error);
                    options = options with { Patients = patients };
                    break;
                case "--mrn-start":
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var mrnStart) || mrnStart > 999_999_999_999)
                        return Fail($"--mrn-start must be a whole number from 0 to 999999999999, not '{value}'.", out error);
                    options = options with { MrnStart = mrnStart };
                    break;
                case "--authority":
                    if (value.Length is 0 or > 20 || !value.All(char.IsAsciiLetterOrDigit))
                        return Fail($"--authority must be 1 to 20 letters or digits, not '{value}'.", out error);
                    options = options with { Authority = value };
                    break;
                case "--seed":
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed))
                        return Fail($"--seed must be a whole number, not '{value}'.", out error);
                    options = options with { Seed = seed };
                    break;
                default:
                    return Fail($"unknown option {name}. {Usage}", out error);
            }
        }
        return true;
    }

    private static bool TryInt(string text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    private static bool TryDouble(string text, double min, double max, out double value) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}
