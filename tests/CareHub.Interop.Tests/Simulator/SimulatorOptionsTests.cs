using System.Net;
using System.Net.Sockets;
using System.Reflection;
using CareHub.AdtSimulator;

namespace CareHub.Interop.Tests.Simulator;

public sealed class SimulatorOptionsTests
{
    [Fact]
    public void Every_option_is_read()
    {
        string[] args = ["--host", "10.0.0.5", "--port", "2600", "--seconds", "2.5", "--rate", "75", "--connections", "8",
            "--patients", "500", "--mrn-start", "5000000", "--authority", "RGH1", "--seed", "-3"];

        SimulatorOptions.TryParse(args, out var options, out var error).ShouldBeTrue(error);

        options.ShouldBe(new SimulatorOptions("10.0.0.5", 2600, 2.5, 75, 8, 500, 5_000_000, "RGH1", -3));
        options.Duration.ShouldBe(TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public void Options_left_out_keep_their_defaults()
    {
        SimulatorOptions.TryParse([], out var options, out _).ShouldBeTrue();

        options.ShouldBe(new SimulatorOptions("127.0.0.1", 2575, 60, 50, 4, 2000, 4_000_000, "CHS", 1));
    }

    [Theory]
    [InlineData("--port 0", "--port")]
    [InlineData("--port 65536", "--port")]
    [InlineData("--port http", "--port")]
    [InlineData("--seconds 0", "--seconds")]
    [InlineData("--seconds -5", "--seconds")]
    [InlineData("--rate 0", "--rate")]
    [InlineData("--rate 1e3", "--rate")]
    [InlineData("--connections 0", "--connections")]
    [InlineData("--connections 1000", "--connections")]
    [InlineData("--patients 0", "--patients")]
    [InlineData("--mrn-start -1", "--mrn-start")]
    [InlineData("--authority C|S", "--authority")]
    [InlineData("--seed x", "--seed")]
    [InlineData("--port", "--port needs a value")]
    [InlineData("--port --rate 5", "--port needs a value")]
    [InlineData("--rate 5 --rate 6", "more than once")]
    [InlineData("--speed 5", "unknown option --speed")]
    [InlineData("2575", "unexpected argument '2575'")]
    public void Invalid_arguments_give_one_line_naming_the_problem(string commandLine, string expected)
    {
        SimulatorOptions.TryParse(commandLine.Split(' '), out _, out var error).ShouldBeFalse();

        error.ShouldNotBeNull().ShouldContain(expected);
        error.ShouldNotContain('\n');
    }

    private static async Task<(int ExitCode, string Error)> RunProgram(params string[] args)
    {
        var entry = typeof(AdtTraffic).Assembly.EntryPoint.ShouldNotBeNull();
        var stderr = new StringWriter();
        var previous = Console.Error;
        Console.SetError(stderr);
        try
        {
            var result = await Task.Run(() => entry.Invoke(null, [args]), TestContext.Current.CancellationToken);
            return ((int)result!, stderr.ToString());
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
        finally
        {
            Console.SetError(previous);
        }
    }

    [Fact]
    public async Task The_program_exits_with_2_and_one_line_on_stderr_for_invalid_arguments()
    {
        var (exitCode, error) = await RunProgram("--rate", "lots");

        exitCode.ShouldBe(2);
        error.TrimEnd().ShouldBe("CareHub.AdtSimulator: --rate (messages per second) must be a number from 0.1 to 100000, not 'lots'.");
    }

    [Fact]
    public async Task The_program_exits_with_1_and_a_clear_line_when_it_cannot_connect()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        probe.Dispose();

        var (exitCode, error) = await RunProgram("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seconds", "1");

        exitCode.ShouldBe(1);
        error.ShouldStartWith($"CareHub.AdtSimulator: cannot connect to 127.0.0.1:{port}");
        error.TrimEnd().ShouldNotContain('\n');
    }
}
