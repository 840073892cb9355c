using Spectre.Console;

namespace Lwkt.Harness.Display;

/// <summary>
/// The console the commands render on: live and coloured on an interactive terminal; plain, uncoloured and wide
/// (no wrapping of tables) when the output is redirected, under CI (<c>CI</c> set) or with <c>TERM=dumb</c>.
/// </summary>
public static class Consoles
{
    /// <summary>Whether stdout is an interactive terminal worth a live display.</summary>
    public static bool IsInteractive =>
        !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb";

    /// <summary>A console writing to <paramref name="output"/>, interactive only when <paramref name="interactive"/>.</summary>
    public static IAnsiConsole Create(TextWriter output, bool interactive)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive)
        {
            // Logs have no width; a narrow default would wrap every table row.
            console.Profile.Width = 240;
        }

        return console;
    }

    /// <summary>The progress display for a run: live on a terminal, plain lines otherwise.</summary>
    public static IRunProgress Progress(TextWriter output) =>
        IsInteractive ? new LiveProgress(Create(output, interactive: true)) : new PlainProgress(output);
}
