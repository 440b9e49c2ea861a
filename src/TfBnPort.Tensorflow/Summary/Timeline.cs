using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Summary;

/// <summary>The peak of one allocator in a step: when, how many bytes, which tensors were alive.</summary>
public sealed record AllocationMaximum(long timestamp, long num_bytes, IReadOnlySet<string> tensors);

/// <summary>
/// tf.python.client.timeline.Timeline: turns a traced step's StepStats into a Chrome trace, one
/// process per device ("… Compute" with an "X" region per executed op, "… Tensors" with tensor
/// lifetimes), non-overlapping lanes as thread ids, flow arrows between devices/lanes, and with
/// show_memory the per-allocator memory counters. The same algorithm as TF 1.15's timeline.py.
/// </summary>
public sealed partial class Timeline
{
    private readonly StepStats _stepStats;
    private readonly ChromeTraceFormatter _trace = new();
    private readonly Dictionary<string, int> _devicePids = new();
    private readonly Dictionary<string, int> _tensorPids = new();
    private readonly Dictionary<string, TensorTracker> _tensors = new();
    private readonly Dictionary<string, (long Time, int Pid, long Tid)> _flowStarts = new();
    private int _nextPid;
    private int _nextFlowId;
    private int _allocatorsPid;

    /// <param name="step_stats">RunMetadata.StepStats of a FULL_TRACE run (copied: the lanes are written into the copy's thread ids).</param>
    public Timeline(StepStats step_stats) => _stepStats = step_stats.Clone();

    /// <summary>Per allocator, its largest total allocation in the step (filled when show_memory is on).</summary>
    public Dictionary<string, AllocationMaximum> AllocatorMaximums { get; } = new();

    /// <summary>The Chrome Trace Format JSON (pretty printed, as Python returns it).</summary>
    public string generate_chrome_trace_format(bool show_dataflow = true, bool show_memory = false)
    {
        AllocatePids();
        AssignLanes();
        AnalyzeTensors(show_memory);
        ShowCompute(show_dataflow);
        if (show_memory) ShowMemoryCounters();
        return _trace.FormatToString(pretty: true);
    }

    [GeneratedRegex(@"^(.*) = (.*)\((.*)\)", RegexOptions.Singleline)]
    private static partial Regex OpLabel();

    /// <summary>"name = Op(in1, in2)" as the executor writes timeline_label.</summary>
    private static (string Name, string Op, string[] Inputs) ParseOpLabel(string label)
    {
        var match = OpLabel().Match(label);
        if (!match.Success) return ("unknown", "unknown", []);
        var inputs = match.Groups[3].Value;
        return (match.Groups[1].Value, match.Groups[2].Value, inputs.Length == 0 ? [] : inputs.Split(", "));
    }

    private static bool IsGpuTraceDevice(string device) => device.Contains("/stream:") || device.Contains("/memcpy");

    private void AllocatePids()
    {
        _allocatorsPid = _nextPid++;
        _trace.EmitPid("Allocators", _allocatorsPid);
        foreach (var dev in _stepStats.DevStats)
        {
            var devicePid = _nextPid++;
            _devicePids[dev.Device] = devicePid;
            var tensorsPid = _nextPid++;
            _tensorPids[dev.Device] = tensorsPid;
            _trace.EmitPid(dev.Device + " Compute", devicePid);
            _trace.EmitPid(dev.Device + " Tensors", tensorsPid);
        }
    }

    /// <summary>Each op goes to the first lane free at its start (strictly after the lane's last end).</summary>
    private void AssignLanes()
    {
        foreach (var dev in _stepStats.DevStats)
        {
            var lanes = new List<long> { 0 };
            foreach (var ns in dev.NodeStats)
            {
                var lane = lanes.FindIndex(end => ns.AllStartMicros > end);
                var end = ns.AllStartMicros + ns.AllEndRelMicros;
                if (lane < 0) { lane = lanes.Count; lanes.Add(end); }
                else lanes[lane] = end;
                ns.ThreadId = (uint)lane;
            }
        }
    }

    private void EmitOp(NodeExecStats ns, int pid, bool isGpuTrace)
    {
        var nodeName = ns.NodeName;
        string op;
        string[] inputs = [];
        if (isGpuTrace)
        {
            var fields = nodeName.Split(':').Append("unknown").ToArray();
            (nodeName, op) = (fields[0], fields[1]);
        }
        else if (nodeName == "RecvTensor") op = "RecvTensor";
        else (_, op, inputs) = ParseOpLabel(ns.TimelineLabel);
        var args = new JsonObject { ["name"] = nodeName, ["op"] = op };
        for (var i = 0; i < inputs.Length; i++) args[$"input{i}"] = inputs[i];
        _trace.EmitRegion(ns.AllStartMicros, ns.AllEndRelMicros, pid, ns.ThreadId, "Op", op, args);
    }

    private void AnalyzeTensors(bool showMemory)
    {
        foreach (var dev in _stepStats.DevStats)
        {
            var devicePid = _devicePids[dev.Device];
            var tensorsPid = _tensorPids[dev.Device];
            foreach (var ns in dev.NodeStats)
            {
                var start = ns.AllStartMicros;
                var end = start + ns.AllEndRelMicros;
                for (var index = 0; index < ns.Output.Count; index++)
                {
                    var output = ns.Output[index];
                    var name = index == 0 ? ns.NodeName : $"{ns.NodeName}:{index}";
                    var allocation = output.TensorDescription?.AllocationDescription;
                    var tensor = new TensorTracker(name, _tensors.Count, start, tensorsPid,
                        allocation?.AllocatorName ?? "", allocation?.RequestedBytes ?? 0);
                    _tensors[name] = tensor;
                    tensor.UnrefTimes.Add(end);
                    _flowStarts[name] = (end, devicePid, ns.ThreadId);
                    if (showMemory)
                    {
                        _trace.EmitObjCreate("Tensor", name, start, tensorsPid, ns.ThreadId, tensor.ObjectId);
                        var description = output.TensorDescription is null ? "" : ProtoText.Format(output.TensorDescription).Replace("\"", "");
                        _trace.EmitObjSnapshot("Tensor", name, end - 1, tensorsPid, ns.ThreadId, tensor.ObjectId,
                            new JsonObject { ["tensor_description"] = description });
                    }
                }
            }
        }
    }

    private void ShowCompute(bool showDataflow)
    {
        foreach (var dev in _stepStats.DevStats)
        {
            var devicePid = _devicePids[dev.Device];
            var isGpuTrace = IsGpuTraceDevice(dev.Device);
            foreach (var ns in dev.NodeStats)
            {
                var start = ns.AllStartMicros;
                var end = start + ns.AllEndRelMicros;
                EmitOp(ns, devicePid, isGpuTrace);
                if (isGpuTrace || ns.NodeName == "RecvTensor") continue;
                foreach (var input in ParseOpLabel(ns.TimelineLabel).Inputs)
                {
                    var inputName = input;
                    if (!_tensors.ContainsKey(inputName))
                    {
                        // Inputs received from another device are named "tensor/_N".
                        var index = inputName.LastIndexOf("/_", StringComparison.Ordinal);
                        if (index > 0) inputName = inputName[..index];
                    }
                    if (!_tensors.TryGetValue(inputName, out var tensor)) continue; // removed by CSE
                    tensor.UnrefTimes.Add(end - 1);
                    if (!showDataflow) continue;
                    var (createTime, createPid, createTid) = _flowStarts[inputName];
                    if (createPid != devicePid || createTid != ns.ThreadId)
                    {
                        var flowId = _nextFlowId++;
                        _trace.EmitFlowStart(inputName, createTime, createPid, createTid, flowId);
                        _trace.EmitFlowEnd(inputName, start, devicePid, ns.ThreadId, flowId);
                    }
                }
            }
        }
    }

    private void ShowMemoryCounters()
    {
        var allocations = new Dictionary<string, List<(long Time, long Bytes, string Name)>>();
        foreach (var (name, tensor) in _tensors)
        {
            _trace.EmitObjDelete("Tensor", name, tensor.LastUnref, tensor.Pid, 0, tensor.ObjectId);
            if (!allocations.TryGetValue(tensor.Allocator, out var list)) allocations[tensor.Allocator] = list = new();
            list.Add((tensor.CreateTime, tensor.NumBytes, name));
            list.Add((tensor.LastUnref, -tensor.NumBytes, name));
        }
        foreach (var (allocator, list) in allocations)
        {
            // Python sorts the tuples, then (stably) by time: ties keep (time, bytes, name) order.
            var ordered = list.OrderBy(a => a.Time).ThenBy(a => a.Bytes).ThenBy(a => a.Name, StringComparer.Ordinal).ToList();
            long total = 0;
            var alive = new HashSet<string>();
            var max = new AllocationMaximum(0, 0, new HashSet<string>());
            foreach (var (time, bytes, name) in ordered)
            {
                total += bytes;
                if (bytes < 0) alive.Remove(name);
                else alive.Add(name);
                if (total > max.num_bytes) max = new AllocationMaximum(time, total, new HashSet<string>(alive));
                _trace.EmitCounter("Memory", allocator, _allocatorsPid, time, allocator, total);
            }
            AllocatorMaximums[allocator] = max;
        }
    }

    private sealed class TensorTracker(string name, int objectId, long createTime, int pid, string allocator, long numBytes)
    {
        public string Name { get; } = name;
        public int ObjectId { get; } = objectId;
        public long CreateTime { get; } = createTime;
        public int Pid { get; } = pid;
        public string Allocator { get; } = allocator;
        public long NumBytes { get; } = numBytes;
        public List<long> UnrefTimes { get; } = new();
        public long LastUnref => UnrefTimes.Max();
    }
}
