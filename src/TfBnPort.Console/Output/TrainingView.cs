using Spectre.Console;
using TfBnPort.Console.Cli;
using TfBnPort.Samples;
using TfBnPort.Tensorflow;

namespace TfBnPort.Console.Output;

/// <summary>
/// Runs a sample under a Spectre progress display: one bar per phase ("as written", "bn"...)
/// with the step's loss and accuracy. Without a terminal (redirected, tests) the log lines are
/// simply written out.
/// </summary>
public static class TrainingView
{
    public static SampleResult Run(CliContext context, ISample sample, SampleOptions options)
    {
        if (!context.Interactive) return sample.Run(options with { Log = context.Out });

        SampleResult? result = null;
        var previousWarn = Session.Warn;
        context.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .Start(progressContext =>
            {
                using var log = new SpectreLogWriter(context.Console);
                // The binding's UPDATE_OPS warning would otherwise write through the live display.
                Session.Warn = message => log.WriteLine(message);
                try
                {
                    var tasks = new Dictionary<string, ProgressTask>();
                    var progress = new InlineProgress<TrainingProgress>(p =>
                    {
                        if (!tasks.TryGetValue(p.Phase, out var task))
                            tasks[p.Phase] = task = progressContext.AddTask(p.Phase, maxValue: p.Total);
                        task.MaxValue = p.Total;
                        task.Value = p.Step;
                        task.Description = Markup.Escape(Describe(sample.Name, p));
                    });
                    result = sample.Run(options with { Log = log, Progress = progress });
                }
                finally
                {
                    Session.Warn = previousWarn;
                }
            });
        return result!;
    }

    private static string Describe(string sample, TrainingProgress p) =>
        $"{sample} {p.Phase,-11} loss {p.Loss,9:F4}" + (p.Accuracy is { } a ? $"  acc {a * 100,6:F2}%" : "");
}
