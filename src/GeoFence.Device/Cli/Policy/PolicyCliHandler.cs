using System.CommandLine;

namespace GeoFence.Device.Cli.Policy;

/// <summary>Runs a policy sub-command body with the invocation's writers, turning failures into one line and an exit code.</summary>
internal static class PolicyCliHandler
{
    /// <summary>Sets the action of <paramref name="command"/> to run <paramref name="body"/> with output and error writers.</summary>
    public static void Bind(Command command, Func<ParseResult, TextWriter, int> body)
    {
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                if (parseResult.UnmatchedTokens.Count > 0)
                {
                    throw CliFailure.Usage($"policy {command.Name}: unexpected '{parseResult.UnmatchedTokens[0]}'; see 'policy {command.Name} --help'");
                }

                return body(parseResult, output);
            }
            catch (CliFailure failure)
            {
                error.WriteLine(failure.Message);
                return failure.ExitCode;
            }
        });
    }

    /// <summary>The value of a required string option, or a usage failure naming it.</summary>
    public static string Required(ParseResult parseResult, Option<string> option, string command)
    {
        var value = parseResult.GetValue(option);
        return string.IsNullOrWhiteSpace(value)
            ? throw CliFailure.Usage($"policy {command}: {option.Name} is required; see 'policy {command} --help'")
            : value;
    }
}
