using System.Text.Json;
using System.Text.Json.Nodes;

namespace TfBnPort.Tensorflow.Summary;

/// <summary>
/// timeline.py's _ChromeTraceFormatter: Chrome Trace Format events (the JSON chrome://tracing and
/// Perfetto load), metadata (process and thread names) first, as Python lists them.
/// </summary>
internal sealed class ChromeTraceFormatter
{
    private readonly List<JsonObject> _events = new();
    private readonly List<JsonObject> _metadata = new();

    private static JsonObject Event(string ph, string category, string name, int pid, long tid, long timestamp) =>
        new() { ["ph"] = ph, ["cat"] = category, ["name"] = name, ["pid"] = pid, ["tid"] = tid, ["ts"] = timestamp };

    public void EmitPid(string name, int pid) =>
        _metadata.Add(new JsonObject { ["name"] = "process_name", ["ph"] = "M", ["pid"] = pid, ["args"] = new JsonObject { ["name"] = name } });

    public void EmitRegion(long timestamp, long duration, int pid, long tid, string category, string name, JsonObject args)
    {
        var e = Event("X", category, name, pid, tid, timestamp);
        e["dur"] = duration;
        e["args"] = args;
        _events.Add(e);
    }

    public void EmitObjCreate(string category, string name, long timestamp, int pid, long tid, int objectId)
    {
        var e = Event("N", category, name, pid, tid, timestamp);
        e["id"] = objectId;
        _events.Add(e);
    }

    public void EmitObjDelete(string category, string name, long timestamp, int pid, long tid, int objectId)
    {
        var e = Event("D", category, name, pid, tid, timestamp);
        e["id"] = objectId;
        _events.Add(e);
    }

    public void EmitObjSnapshot(string category, string name, long timestamp, int pid, long tid, int objectId, JsonObject snapshot)
    {
        var e = Event("O", category, name, pid, tid, timestamp);
        e["id"] = objectId;
        e["args"] = new JsonObject { ["snapshot"] = snapshot };
        _events.Add(e);
    }

    public void EmitFlowStart(string name, long timestamp, int pid, long tid, int flowId)
    {
        var e = Event("s", "DataFlow", name, pid, tid, timestamp);
        e["id"] = flowId;
        _events.Add(e);
    }

    public void EmitFlowEnd(string name, long timestamp, int pid, long tid, int flowId)
    {
        var e = Event("t", "DataFlow", name, pid, tid, timestamp);
        e["id"] = flowId;
        _events.Add(e);
    }

    public void EmitCounter(string category, string name, int pid, long timestamp, string counter, long value)
    {
        var e = Event("C", category, name, pid, 0, timestamp);
        e["args"] = new JsonObject { [counter] = value };
        _events.Add(e);
    }

    /// <summary>{"traceEvents": [metadata..., events...]}; pretty prints with 4-space indents, as Python's json.dumps(indent=4).</summary>
    public string FormatToString(bool pretty = false)
    {
        var all = new JsonArray();
        foreach (var e in _metadata.Concat(_events)) all.Add(e);
        var trace = new JsonObject { ["traceEvents"] = all };
        return trace.ToJsonString(new JsonSerializerOptions { WriteIndented = pretty, IndentSize = 4 });
    }
}
