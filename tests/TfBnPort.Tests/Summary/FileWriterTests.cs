using System.Text.RegularExpressions;
using Google.Protobuf;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Protos;
using TfBnPort.Tensorflow.Summary;
using TfBnPort.Tests.Samples;
using ProtoSummary = TfBnPort.Tensorflow.Protos.Summary;

namespace TfBnPort.Tests.Summary;

/// <summary>
/// tf.summary.FileWriter: the event file's name and first event as TF's EventsWriter makes them,
/// every kind of event read back through TensorFlow's own record reader, nothing lost on close.
/// </summary>
public class FileWriterTests
{
    [Fact]
    public void The_file_is_named_and_opened_as_EventsWriter_does()
    {
        using var tmp = new TempOutput();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using (var writer = new FileWriter(tmp.Path, filename_suffix: ".train"))
            Assert.Equal(tmp.Path, writer.get_logdir());
        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var file = TensorflowRecords.SingleEventFile(tmp.Path);
        // events.out.tfevents.{10-digit seconds}.{hostname}{suffix} (events_writer.cc).
        var match = Regex.Match(Path.GetFileName(file), @"^events\.out\.tfevents\.(\d{10})\.(.+)\.train$");
        Assert.True(match.Success, file);
        var seconds = long.Parse(match.Groups[1].Value);
        Assert.InRange(seconds, before, after);
        Assert.Equal(System.Net.Dns.GetHostName(), match.Groups[2].Value);
        var first = Assert.Single(TensorflowRecords.Events(file));
        Assert.Equal("brain.Event:2", first.FileVersion);
        Assert.Equal(seconds, first.WallTime); // whole seconds, as the C++ writer sets it
    }

    [Fact]
    public void Every_event_kind_round_trips_through_tensorflows_reader()
    {
        using var tmp = new TempOutput();
        using var graph = new Graph();
        Tensor merged;
        Tensor x;
        using (graph.as_default())
        {
            x = tf.placeholder(tf.float32, TensorShape.Scalar, name: "x");
            tf.summary.scalar("loss", x);
            tf.summary.histogram("loss_hist", tf.stack([x, x + 1f]));
            merged = tf.summary.merge_all()!;
        }
        using var sess = tf.Session(graph);
        var start = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;
        using (var writer = new FileWriter(tmp.Path, graph))
        {
            for (var step = 0; step < 3; step++)
            {
                var bytes = (byte[])((object?[])sess.run(new object[] { merged }, new FeedDict { { x, step * 0.5f } })!)[0]!;
                writer.add_summary(bytes, step);
            }
            writer.add_session_log(new SessionLog { Status = SessionLog.Types.SessionStatus.Start }, 3);
            var meta = new MetaGraphDef { MetaInfoDef = new MetaGraphDef.Types.MetaInfoDef { TensorflowVersion = tf.VERSION } };
            writer.add_meta_graph(meta, 3);
            var runMetadata = new RunMetadata();
            sess.run(new object[] { merged }, new FeedDict { { x, 1f } }, new RunOptions { TraceLevel = RunOptions.Types.TraceLevel.FullTrace }, runMetadata);
            writer.add_run_metadata(runMetadata, "step3", 3);
            Assert.Throws<ValueError>(() => writer.add_run_metadata(runMetadata, "step3", 4));
        }
        var end = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;
        var events = TensorflowRecords.Events(TensorflowRecords.SingleEventFile(tmp.Path));
        Assert.Equal(1 + 1 + 3 + 3, events.Count);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.All(events.Skip(1), e => Assert.InRange(e.WallTime, Math.Floor(start), end));

        // The graph: every op of the C# graph is a node of the written GraphDef.
        var graphDef = GraphDef.Parser.ParseFrom(events[1].GraphDef);
        Assert.Equal(graph.Operations.Select(o => o.Name).Order(), graphDef.Node.Select(n => n.Name).Order());
        Assert.All(graphDef.Node, n => Assert.True(n.Attr.ContainsKey("_output_shapes"), n.Name)); // add_shapes=True, as writer.py
        using (var imported = new Graph())
        using (imported.as_default())
        {
            tf.import_graph_def(graphDef, name: "");
            Assert.NotNull(imported.OperationByName("Merge/MergeSummary"));
        }

        for (var step = 0; step < 3; step++)
        {
            var e = events[2 + step];
            Assert.Equal(step, e.Step);
            Assert.Equal(new[] { "loss", "loss_hist" }, e.Summary.Value.Select(v => v.Tag));
            Assert.Equal(step * 0.5f, e.Summary.Value[0].SimpleValue);
            Assert.Equal(2, e.Summary.Value[1].Histo.Bucket.Sum());
        }
        Assert.Equal(SessionLog.Types.SessionStatus.Start, events[5].SessionLog.Status);
        Assert.Equal(tf.VERSION, MetaGraphDef.Parser.ParseFrom(events[6].MetaGraphDef).MetaInfoDef.TensorflowVersion);
        Assert.Equal("step3", events[7].TaggedRunMetadata.Tag);
        Assert.Equal(3, events[7].Step);
        var traced = RunMetadata.Parser.ParseFrom(events[7].TaggedRunMetadata.RunMetadata);
        Assert.Contains(traced.StepStats.DevStats.SelectMany(d => d.NodeStats), n => n.NodeName == "Merge/MergeSummary");
    }

    [Fact]
    public void A_tags_metadata_is_written_with_its_first_value_only()
    {
        // writer.py add_summary: later values of a tag drop their SummaryMetadata.
        using var tmp = new TempOutput();
        var withMetadata = new ProtoSummary();
        withMetadata.Value.Add(new ProtoSummary.Types.Value
        {
            Tag = "notes", Metadata = new SummaryMetadata { PluginData = new SummaryMetadata.Types.PluginData { PluginName = "text" } },
            Tensor = new TensorProto { Dtype = DataType.DtString, StringVal = { ByteString.CopyFromUtf8("hi") } },
        });
        using (var writer = new FileWriter(tmp.Path))
        {
            writer.add_summary(withMetadata, 1);
            writer.add_summary(withMetadata.ToByteArray(), 2);
        }
        var events = TensorflowRecords.Events(TensorflowRecords.SingleEventFile(tmp.Path));
        Assert.Equal("text", events[1].Summary.Value[0].Metadata.PluginData.PluginName);
        Assert.Null(events[2].Summary.Value[0].Metadata);
        Assert.NotNull(withMetadata.Value[0].Metadata); // the caller's message is not changed
    }

    [Fact]
    public void Nothing_queued_is_lost_on_dispose_even_with_a_tiny_queue_and_no_timed_flush()
    {
        using var tmp = new TempOutput();
        const int n = 2000;
        using (var writer = new FileWriter(tmp.Path, max_queue: 1, flush_secs: 3600))
        {
            for (var i = 0; i < n; i++)
            {
                var s = new ProtoSummary();
                s.Value.Add(new ProtoSummary.Types.Value { Tag = "i", SimpleValue = i });
                writer.add_summary(s, i);
            }
        }
        var events = TensorflowRecords.Events(TensorflowRecords.SingleEventFile(tmp.Path));
        Assert.Equal(n + 1, events.Count);
        Assert.Equal(Enumerable.Range(0, n).Select(i => (float)i), events.Skip(1).Select(e => e.Summary.Value[0].SimpleValue));
        Assert.Equal(Enumerable.Range(0, n).Select(i => (long)i), events.Skip(1).Select(e => e.Step));
    }

    [Fact]
    public void Nothing_queued_is_lost_when_an_exception_unwinds_the_using()
    {
        // Expected: every one of the n summaries added before the throw, in order (the values are the loop index).
        using var tmp = new TempOutput();
        const int n = 500;
        var thrown = Assert.Throws<InvalidOperationException>(WriteThenFail);
        Assert.Equal("training failed", thrown.Message);
        var events = TensorflowRecords.Events(TensorflowRecords.SingleEventFile(tmp.Path));
        Assert.Equal(n + 1, events.Count);
        Assert.Equal(Enumerable.Range(0, n).Select(i => (float)i), events.Skip(1).Select(e => e.Summary.Value[0].SimpleValue));
        Assert.Equal(Enumerable.Range(0, n).Select(i => (long)i), events.Skip(1).Select(e => e.Step));

        void WriteThenFail()
        {
            using var writer = new FileWriter(tmp.Path, max_queue: 10, flush_secs: 3600);
            for (var i = 0; i < n; i++)
            {
                var s = new ProtoSummary();
                s.Value.Add(new ProtoSummary.Types.Value { Tag = "loss", SimpleValue = i });
                writer.add_summary(s, i);
            }
            throw new InvalidOperationException("training failed");
        }
    }

    [Fact]
    public void Flush_makes_queued_events_readable_while_the_writer_stays_open()
    {
        using var tmp = new TempOutput();
        using var writer = new FileWriter(tmp.Path, flush_secs: 3600);
        writer.add_session_log(new SessionLog { Status = SessionLog.Types.SessionStatus.Start }, 0);
        writer.add_session_log(new SessionLog { Status = SessionLog.Types.SessionStatus.Checkpoint, CheckpointPath = "x" }, 1);
        writer.flush();
        var reader = new EventFileReader(writer.FileName);
        Assert.Equal(3, reader.Read().Count());
        writer.close();
        writer.close(); // twice is fine
        writer.add_session_log(new SessionLog(), 2); // ignored after close, as in Python
    }

    [Fact]
    public void An_unwritable_logdir_is_a_clear_error_at_construction()
    {
        using var tmp = new TempOutput();
        var file = Path.Combine(tmp.Path, "not-a-dir");
        File.WriteAllText(file, "x");
        var e = Assert.Throws<IOException>(() => new FileWriter(Path.Combine(file, "logs")));
        Assert.Contains("Cannot write TensorBoard event files to the log directory", e.Message);
        Assert.Contains(Path.Combine(file, "logs"), e.Message);
        var e2 = Assert.Throws<IOException>(() => new FileWriter(file));
        Assert.Contains("is a file, not a directory", e2.Message);
    }
}
