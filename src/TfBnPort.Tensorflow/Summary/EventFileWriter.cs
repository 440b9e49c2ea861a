using System.Collections.Concurrent;
using System.Globalization;

namespace TfBnPort.Tensorflow.Summary;

/// <summary>
/// Python's EventFileWriter over C++'s EventsWriter: serialized Events go through a bounded queue
/// (an add blocks while <c>max_queue</c> events wait) to a background thread that appends them to
/// <c>events.out.tfevents.{seconds:D10}.{hostname}{suffix}</c> and flushes after the first event and
/// then at most every <c>flush_secs</c>. <see cref="Close"/> (and Dispose, and process exit) drains
/// the queue first, so nothing added is lost.
/// </summary>
public sealed class EventFileWriter : IDisposable
{
    /// <summary>Writers still open, closed on process exit (Ctrl+C ends a run through the samples' using blocks; this is the last net).</summary>
    private static readonly ConcurrentDictionary<EventFileWriter, byte> Open = new();

    static EventFileWriter() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var writer in Open.Keys) writer.Close();
    };

    private readonly BlockingCollection<byte[]> _queue;
    private readonly TfRecordWriter _records;
    private readonly double _flushSecs;
    private readonly Thread _worker;
    private readonly object _gate = new();
    private int _pending;
    private Exception? _failure;
    private bool _closed;

    /// <param name="firstEvent">Builds the file_version event from its wall time (the writer has no Event type of its own).</param>
    /// <param name="logdir">The directory of the event file; created if missing.</param>
    /// <param name="max_queue">How many events may wait for the writer thread before AddEvent blocks.</param>
    /// <param name="flush_secs">How often, in seconds, the writer thread flushes pending events to disk.</param>
    /// <param name="filename_suffix">Appended to the event file's name, or null for none.</param>
    public EventFileWriter(string logdir, Func<double, byte[]> firstEvent, int max_queue = 10, double flush_secs = 120, string? filename_suffix = null)
    {
        if (max_queue < 1) throw new ArgumentOutOfRangeException(nameof(max_queue), max_queue, "max_queue must be at least 1.");
        LogDir = logdir;
        _flushSecs = flush_secs;
        var seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        FileName = Path.Combine(logdir, string.Create(CultureInfo.InvariantCulture,
            $"events.out.tfevents.{seconds:D10}.{System.Net.Dns.GetHostName()}{filename_suffix}"));
        _records = new TfRecordWriter(OpenFile(logdir, FileName));
        // EventsWriter::InitIfNeeded: the version event first, with whole seconds as its wall time, flushed at once.
        _records.Write(firstEvent(seconds));
        _records.Flush();
        _queue = new BlockingCollection<byte[]>(max_queue);
        _worker = new Thread(WriteLoop) { IsBackground = true, Name = "EventFileWriter " + Path.GetFileName(FileName) };
        _worker.Start();
        Open[this] = 0;
    }

    public string LogDir { get; }

    /// <summary>The full path of the event file.</summary>
    public string FileName { get; }

    /// <summary>Creates the folder and the file, or says which folder cannot be written and what to do.</summary>
    private static FileStream OpenFile(string logdir, string fileName)
    {
        try
        {
            if (File.Exists(logdir))
                throw new IOException($"'{logdir}' is a file, not a directory.");
            Directory.CreateDirectory(logdir);
            return new FileStream(fileName, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write TensorBoard event files to the log directory '{logdir}': {e.Message} " +
                                  "Choose a writable folder (for the samples: --out DIR).", e);
        }
    }

    /// <summary>Queues one serialized Event; blocks while the queue is full. Ignored after close, as in Python.</summary>
    public void AddEvent(byte[] serializedEvent)
    {
        lock (_gate)
        {
            if (_closed) return;
            ThrowIfFailed();
            _pending++;
        }
        try
        {
            _queue.Add(serializedEvent);
        }
        catch (InvalidOperationException)
        {
            // Closed between the check and the add: dropped, as Python drops events added after close().
            lock (_gate)
            {
                _pending--;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Waits until every queued event is written, then flushes the file.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            while (_pending > 0 && _failure is null) Monitor.Wait(_gate);
            ThrowIfFailed();
            if (!_closed) _records.Flush();
        }
    }

    /// <summary>Writes what is queued, flushes and closes the file. Safe to call twice.</summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
        }
        _queue.CompleteAdding();
        _worker.Join();
        Open.TryRemove(this, out _);
        lock (_gate)
        {
            try
            {
                if (_failure is null) _records.Flush();
            }
            finally
            {
                _records.Dispose();
            }
            ThrowIfFailed();
        }
    }

    public void Dispose() => Close();

    private void WriteLoop()
    {
        var nextFlush = 0.0;
        foreach (var record in _queue.GetConsumingEnumerable())
        {
            lock (_gate)
            {
                try
                {
                    if (_failure is null)
                    {
                        _records.Write(record);
                        var now = Environment.TickCount64 / 1000.0;
                        if (now > nextFlush)
                        {
                            _records.Flush();
                            nextFlush = now + _flushSecs;
                        }
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _failure = new IOException($"Writing the event file '{FileName}' failed: {e.Message}", e);
                }
                finally
                {
                    _pending--;
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } f) throw new IOException(f.Message, f);
    }
}
