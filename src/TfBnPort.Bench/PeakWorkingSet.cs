using System.Diagnostics;

namespace TfBnPort.Bench;

/// <summary>
/// The highest working set seen while a piece of work runs, sampled every 10 ms on a background
/// thread (the OS's own peak counter only ever grows, so it cannot give a per-sample figure).
/// </summary>
public sealed class PeakWorkingSet : IDisposable
{
    private readonly Thread _sampler;
    private volatile bool _stop;
    private long _peak;

    public PeakWorkingSet()
    {
        _peak = Stopwatches.WorkingSetBytes();
        _sampler = new Thread(() =>
        {
            using var process = Process.GetCurrentProcess();
            while (!_stop)
            {
                process.Refresh();
                Interlocked.Exchange(ref _peak, Math.Max(Interlocked.Read(ref _peak), process.WorkingSet64));
                Thread.Sleep(10);
            }
        }) { IsBackground = true, Name = "peak working set" };
        _sampler.Start();
    }

    public double PeakMegabytes => Interlocked.Read(ref _peak) / 1048576.0;

    public void Dispose()
    {
        _stop = true;
        _sampler.Join();
    }
}
