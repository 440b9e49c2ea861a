using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tests.Summary;

/// <summary>
/// Reads a TFRecord file with TensorFlow's OWN reader (TFRecordReaderV2 + ReaderReadV2 over a
/// filename queue), which checks both CRCs of every record: the independent check that the
/// project's files are what TensorFlow and TensorBoard read.
/// </summary>
public static class TensorflowRecords
{
    public static List<byte[]> Read(string path)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        var queue = graph.NewOperation("FIFOQueueV2", "filename_queue")
            .Attr("component_types", new[] { DType.String }).Attr("capacity", 4).Finish().Output(0);
        var filename = tf.constant(path, name: "filename");
        var enqueue = graph.NewOperation("QueueEnqueueV2", "enqueue").Input(queue).InputList([filename])
            .Attr("Tcomponents", new[] { DType.String }).Finish();
        var close = graph.NewOperation("QueueCloseV2", "close").Input(queue).Finish();
        var reader = graph.NewOperation("TFRecordReaderV2", "reader").Attr("compression_type", "").Finish().Output(0);
        var read = graph.NewOperation("ReaderReadV2", "read").Input(reader).Input(queue).Finish();
        using var sess = tf.Session(graph);
        sess.run(enqueue);
        sess.run(close);
        var records = new List<byte[]>();
        while (true)
        {
            try
            {
                records.Add(sess.RunValues([read.Output(1)], [])[0].Strings![0]);
            }
            catch (TensorflowException e) when (e.Code == TF_Code.OutOfRange)
            {
                return records;
            }
        }
    }

    /// <summary>Every record of an event file parsed as an Event (throws if one is not).</summary>
    public static List<Event> Events(string path) => Read(path).Select(r => Event.Parser.ParseFrom(r)).ToList();

    /// <summary>The one event file in <paramref name="dir"/>.</summary>
    public static string SingleEventFile(string dir) =>
        Assert.Single(Directory.GetFiles(dir, "events.out.tfevents.*"));
}
