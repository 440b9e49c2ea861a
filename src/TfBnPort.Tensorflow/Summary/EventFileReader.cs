using Google.Protobuf;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Summary;

/// <summary>
/// tf.train.summary_iterator: the Events of one event file, in order. Damaged records are skipped
/// and described in <see cref="Problems"/> (file and offset); an undecodable record is reported the same way.
/// </summary>
public sealed class EventFileReader
{
    private readonly string _path;

    public EventFileReader(string path) => _path = path;

    public List<string> Problems { get; } = new();

    public static IEnumerable<Event> summary_iterator(string path) => new EventFileReader(path).Read();

    public IEnumerable<Event> Read()
    {
        var records = new TfRecordReader(_path);
        try
        {
            foreach (var record in records.Read())
            {
                Event? e;
                try
                {
                    e = Event.Parser.ParseFrom(record.Data);
                }
                catch (InvalidProtocolBufferException ex)
                {
                    Problems.Add($"{_path}: the record at offset {record.Offset} is not an Event ({ex.Message}); skipped.");
                    continue;
                }
                yield return e;
            }
        }
        finally
        {
            Problems.AddRange(records.Problems);
        }
    }

    /// <summary>Python's name pattern for event files (also matches TF2's ".v2" and the profiler's suffixes).</summary>
    public static bool IsEventFile(string path) => Path.GetFileName(path).Contains("tfevents", StringComparison.Ordinal);
}
