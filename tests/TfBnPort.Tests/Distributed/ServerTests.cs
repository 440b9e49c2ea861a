using System.Net;
using System.Net.Sockets;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Native;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tests.Distributed;

/// <summary>
/// tf.train.ClusterSpec and tf.train.Server in this process. A started TF 1.15 server cannot be shut
/// down (deleting it aborts the process), so these few servers live until the test run ends; every
/// multi-task cluster runs in child processes instead (ClusterTests).
/// </summary>
public class ServerTests
{
    [Fact]
    public void ClusterSpecDenseAndSparse()
    {
        var spec = new ClusterSpec(new Dictionary<string, string[]>
        {
            ["worker"] = new[] { "localhost:2223", "localhost:2224" },
            ["ps"] = new[] { "localhost:2222" },
        });
        Assert.Equal(new[] { "worker", "ps" }, spec.jobs);
        Assert.Equal(2, spec.num_tasks("worker"));
        Assert.Equal("localhost:2224", spec.task_address("worker", 1));
        Assert.Equal(new[] { "localhost:2223", "localhost:2224" }, spec.job_tasks("worker"));
        // ClusterDef: jobs sorted by name, tasks keyed by index (server_lib._make_cluster_def).
        var def = spec.as_cluster_def();
        Assert.Equal(new[] { "ps", "worker" }, def.Job.Select(j => j.Name));
        Assert.Equal("localhost:2223", def.Job[1].Tasks[0]);
        Assert.Equal(spec.ToString(), new ClusterSpec(def).ToString());

        var sparse = new ClusterSpec(new Dictionary<string, IReadOnlyDictionary<int, string>> { ["worker"] = new Dictionary<int, string> { [1] = "w1:2222" } });
        Assert.Equal(new string?[] { null, "w1:2222" }, sparse.job_tasks("worker"));
        Assert.IsType<Dictionary<int, string>>(sparse.as_dict()["worker"]); // not dense: a map, as Python's as_dict

        Assert.Equal("No such job in cluster: 'chief' (its jobs: worker, ps).", Assert.Throws<ValueError>(() => spec.num_tasks("chief")).Message);
        Assert.StartsWith("No task with index 5 in job 'worker'", Assert.Throws<ValueError>(() => spec.task_address("worker", 5)).Message);
    }

    [Theory]
    [InlineData("ps=localhost:2222;worker", "'worker' is not JOB=HOST:PORT")]
    [InlineData("ps=localhost", "expected 'host:port'")]
    [InlineData("ps=localhost:99999", "a port from 0 to 65535")]
    [InlineData("ps=a:1;ps=b:2", "job 'ps' is listed twice")]
    [InlineData("ps=a:1,,b:2", "job 'ps' has an empty address")]
    [InlineData("", "The cluster spec is empty")]
    public void MalformedSpecsNameTheProblem(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<ValueError>(() => ClusterSpec.Parse(text)).Message);

    [Fact]
    public void ParseRoundTripsTheCommandLineForm()
    {
        var spec = ClusterSpec.Parse("ps=localhost:2222;worker=localhost:2223,localhost:2224");
        Assert.Equal("ps=localhost:2222;worker=localhost:2223,localhost:2224", spec.ToCommandLine());
        Assert.Equal(new[] { "localhost:2223", "localhost:2224" }, spec.job_tasks("worker"));
    }

    [Fact]
    public void LocalServerRunsASessionOnItsTarget()
    {
        var server = tf.train.Server.create_local_server();
        Assert.Matches(@"^grpc://localhost:\d+$", server.target);
        Assert.NotEqual("grpc://localhost:0", server.target); // port 0: the OS picked one, the target says which
        using var graph = new Graph();
        using var _ = graph.as_default();
        var a = tf.constant(new[] { 1f, 2f }, name: "a");
        var b = tf.Variable(10f, name: "b");
        var sum = tf.reduce_sum(a * b.Snapshot);
        using var sess = tf.Session(server.target, graph);
        sess.run(b.Initializer);
        Assert.Equal(30f, sess.run(sum).GetSingle()); // (1 + 2)·10
        // A second session on the same server shares its variables (the server's resource manager), as between-graph replication needs.
        using var other = tf.Session(server.target, graph);
        Assert.Equal(30f, other.run(sum).GetSingle());
        Assert.Equal("local", server.server_def.JobName);
    }

    [Fact]
    public void PortInUseAndBadTaskGetClearErrors()
    {
        using var listener = new TcpListener(IPAddress.Any, 0); // TF binds 0.0.0.0:PORT, so occupy the same
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var cluster = ClusterSpec.Parse($"ps=localhost:{port};worker=localhost:1");
        var e = Assert.Throws<TensorflowException>(() => new tf.train.Server(cluster, "ps", 0));
        Assert.Contains($"Could not start gRPC server for /job:ps/task:0 at localhost:{port}: the port is probably in use", e.Message);

        Assert.Equal($"Task 2 was not defined in job \"worker\": its tasks are 0 ({cluster}).",
            Assert.Throws<ValueError>(() => new tf.train.Server(cluster, "worker", 2)).Message);
        Assert.StartsWith("Job \"chief\" was not defined in cluster", Assert.Throws<ValueError>(() => new tf.train.Server(cluster, "chief", 0)).Message);
        Assert.StartsWith("Must specify an explicit `job_name`", Assert.Throws<ValueError>(() => new tf.train.Server(cluster)).Message);
    }

    [Fact]
    public void AnUnreachablePsIsAnErrorWithinTheTimeout()
    {
        // The master (a local server) waits for /job:ps, which nobody serves: operation_timeout_in_ms bounds it.
        var freePort = FreePort();
        var cluster = ClusterSpec.Parse($"ps=localhost:{freePort};worker=localhost:0");
        var server = new tf.train.Server(cluster, "worker", 0);
        using var graph = new Graph();
        using var _ = graph.as_default();
        Variable v;
        using (tf.device("/job:ps/task:0")) v = tf.Variable(1f, name: "v");
        var config = new ConfigProto { OperationTimeoutInMs = 1500 };
        config.DeviceFilters.Add("/job:ps");
        config.DeviceFilters.Add("/job:worker/task:0");
        using var sess = tf.Session(server.target, graph, config);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<TensorflowException>(() => sess.run(v.Initializer));
        Assert.InRange(clock.Elapsed.TotalSeconds, 1.0, 30);
        Assert.Equal(TF_Code.DeadlineExceeded, e.Code);
        Assert.Contains("operation_timeout_in_ms=1500", e.Message);
        Assert.Contains("not running or not reachable", e.Message);
    }

    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
