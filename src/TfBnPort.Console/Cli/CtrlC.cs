namespace TfBnPort.Console.Cli;

/// <summary>
/// Ctrl+C during training: the first press asks the sample to stop at its next step (it then saves
/// a checkpoint and says so); a second press ends the process at once.
/// </summary>
public sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly ConsoleCancelEventHandler _handler;

    public CtrlC(TextWriter error)
    {
        _handler = (_, e) =>
        {
            if (_source.IsCancellationRequested) return; // second press: let the runtime terminate
            e.Cancel = true;
            error.WriteLine("Ctrl+C: stopping at the next training step and saving a checkpoint (press Ctrl+C again to abort at once).");
            _source.Cancel();
        };
        System.Console.CancelKeyPress += _handler;
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        System.Console.CancelKeyPress -= _handler;
        _source.Dispose();
    }
}
