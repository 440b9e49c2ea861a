using Spectre.Console;

namespace TfBnPort.Console.Cli;

/// <summary>Where a command writes: the Spectre console for tables and progress, plain writers for help and errors.</summary>
public sealed record CliContext(IAnsiConsole Console, TextWriter Out, TextWriter Error, bool Interactive);
