using System.Text;
using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Tensorflow;

/// <summary>
/// Builds one operation: collects inputs and attributes, then <see cref="Finish"/> applies what
/// Python's create_op does (unique name under the name scope, control dependencies, the tf.cond
/// branch's Switch for outside inputs) and hands it to TF_FinishOperation.
/// </summary>
public sealed class OpBuilder
{
    private readonly Graph _graph;
    private readonly string _type;
    private readonly string _name;
    private readonly List<object> _inputs = new(); // Tensor or Tensor[] (list input)
    private readonly List<Operation> _extraControls = new();
    private readonly Dictionary<string, object> _attrs = new();

    internal OpBuilder(Graph graph, string type, string name, bool uniquify = true)
    {
        graph.ThrowIfDisposed();
        _graph = graph;
        _type = type;
        _name = uniquify ? graph.UniqueName(name) : name;
    }

    public string Name => _name;

    public OpBuilder Input(Tensor t)
    {
        CheckGraph(t);
        _inputs.Add(t);
        return this;
    }

    public OpBuilder InputList(IEnumerable<Tensor> ts)
    {
        var list = ts.ToArray();
        foreach (var t in list) CheckGraph(t);
        _inputs.Add(list);
        return this;
    }

    public OpBuilder ControlInput(Operation op)
    {
        _extraControls.Add(op);
        return this;
    }

    public OpBuilder Attr(string name, object value)
    {
        _attrs[name] = value;
        return this;
    }

    private void CheckGraph(Tensor t)
    {
        if (!ReferenceEquals(t.Graph, _graph))
            throw new ValueError($"Tensor {t.Name} must be from the same graph as the op '{_name}' ({_type}) being built.");
    }

    public unsafe Operation Finish()
    {
        // Inside a tf.cond branch, outside values enter through the branch's Switch.
        var context = _graph.ControlFlowContext;
        var inputs = _inputs.Select(i => i switch
        {
            Tensor t => (object)(context?.AddValue(t) ?? t),
            Tensor[] ts => ts.Select(t => context?.AddValue(t) ?? t).ToArray(),
            _ => throw new InvalidOperationException(),
        }).ToList();
        var flatInputs = inputs.SelectMany(i => i is Tensor t ? new[] { t } : (Tensor[])i).ToArray();
        var controls = _graph.CurrentControlInputs(flatInputs).Concat(_extraControls).Distinct().ToList();
        if (context is not null && flatInputs.Length == 0 && !controls.Any(c => c.ControlFlowContext == context))
            controls.Add(context.Pivot.Op);

        var (device, classAttr) = _graph.PlaceNewOp(_name, _type, flatInputs, _attrs);
        if (classAttr is not null) _attrs["_class"] = classAttr;

        var g = _graph.Handle.DangerousGetHandle();
        var desc = TfNative.TF_NewOperation(g, _type, _name);
        if (device != "") TfNative.TF_SetDevice(desc, device);
        foreach (var input in inputs)
        {
            if (input is Tensor t) TfNative.TF_AddInput(desc, t.Output);
            else
            {
                var outs = ((Tensor[])input).Select(x => x.Output).ToArray();
                fixed (TF_Output* p = outs) TfNative.TF_AddInputList(desc, p, outs.Length);
            }
        }
        foreach (var c in controls) TfNative.TF_AddControlInput(desc, c.Handle);
        using var status = new TfStatus();
        foreach (var (key, value) in _attrs) SetAttr(desc, key, value, status);
        var handle = TfNative.TF_FinishOperation(desc, status.Handle);
        if (status.Code != TF_Code.OK)
            throw new ValueError(DescribeFailure(status.Message, flatInputs));
        return _graph.Register(handle, flatInputs, controls.ToArray(), _attrs);
    }

    /// <summary>Shape-inference failures name the op and every input's shape, like TF1's ValueError.</summary>
    private string DescribeFailure(string message, Tensor[] inputs)
    {
        var shapes = string.Join(", ", inputs.Select(t => $"{t.Name} {t.Shape} {t.DType.PyName()}"));
        return $"{message} (while building '{_name}' ({_type}) with inputs: {shapes})";
    }

    private static unsafe void SetAttr(IntPtr desc, string key, object value, TfStatus status)
    {
        switch (value)
        {
            case bool b: TfNative.TF_SetAttrBool(desc, key, (byte)(b ? 1 : 0)); break;
            case int i: TfNative.TF_SetAttrInt(desc, key, i); break;
            case long l: TfNative.TF_SetAttrInt(desc, key, l); break;
            case float f: TfNative.TF_SetAttrFloat(desc, key, f); break;
            case double d: TfNative.TF_SetAttrFloat(desc, key, (float)d); break;
            case DType t: TfNative.TF_SetAttrType(desc, key, (int)t.BaseType()); break;
            // Exact type checks: the CLR lets int[] and DType[] (an int-based enum) match each other's patterns.
            case int[] ints when value.GetType() == typeof(int[]):
            {
                var longs = ints.Select(x => (long)x).ToArray();
                fixed (long* p = longs) TfNative.TF_SetAttrIntList(desc, key, p, longs.Length);
                break;
            }
            case DType[] ts when value.GetType() == typeof(DType[]):
            {
                var ints = ts.Select(t => (int)t.BaseType()).ToArray();
                fixed (int* p = ints) TfNative.TF_SetAttrTypeList(desc, key, p, ints.Length);
                break;
            }
            case string s:
            {
                var bytes = Encoding.UTF8.GetBytes(s);
                fixed (byte* p = bytes) TfNative.TF_SetAttrString(desc, key, p, (nuint)bytes.Length);
                break;
            }
            case string[] strings:
            {
                var bytes = strings.Select(Encoding.UTF8.GetBytes).ToArray();
                var handles = bytes.Select(b => System.Runtime.InteropServices.GCHandle.Alloc(b, System.Runtime.InteropServices.GCHandleType.Pinned)).ToArray();
                try
                {
                    var pointers = handles.Select(h => h.AddrOfPinnedObject()).ToArray();
                    var lengths = bytes.Select(b => (nuint)b.Length).ToArray();
                    fixed (IntPtr* p = pointers)
                    fixed (nuint* l = lengths)
                        TfNative.TF_SetAttrStringList(desc, key, p, l, strings.Length);
                }
                finally { foreach (var h in handles) h.Free(); }
                break;
            }
            case long[] longs:
                fixed (long* p = longs) TfNative.TF_SetAttrIntList(desc, key, p, longs.Length);
                break;
            case TensorShape shape:
                if (shape.Dims is null) TfNative.TF_SetAttrShape(desc, key, null, -1);
                else fixed (long* p = shape.Dims) TfNative.TF_SetAttrShape(desc, key, p, shape.Dims.Length);
                break;
            case TensorShape[] shapes:
            {
                // Known ranks only (queue component shapes); each shape's dims pinned for the call.
                var dims = shapes.Select(s => s.Dims ?? throw new NotSupportedException($"Attribute '{key}': a shape list entry needs a known rank.")).ToArray();
                var handles = dims.Select(d => System.Runtime.InteropServices.GCHandle.Alloc(d, System.Runtime.InteropServices.GCHandleType.Pinned)).ToArray();
                try
                {
                    var pointers = handles.Select(h => h.AddrOfPinnedObject()).ToArray();
                    var ranks = dims.Select(d => d.Length).ToArray();
                    fixed (IntPtr* p = pointers)
                    fixed (int* r = ranks)
                        TfNative.TF_SetAttrShapeList(desc, key, (long**)p, r, shapes.Length);
                }
                finally { foreach (var h in handles) h.Free(); }
                break;
            }
            case TensorValue tv:
            {
                using var tensor = tv.ToNative();
                TfNative.TF_SetAttrTensor(desc, key, tensor.DangerousGetHandle(), status.Handle);
                status.Check($"attribute {key}");
                break;
            }
            default:
                throw new NotSupportedException($"Attribute '{key}' has an unsupported value type {value.GetType().Name}.");
        }
    }
}

public sealed partial class Graph
{
    /// <summary>Starts building an op of <paramref name="type"/>; <paramref name="name"/> is made unique under the current scope.</summary>
    public OpBuilder NewOperation(string type, string name) => new(this, type, name);

    /// <summary>An op named exactly <paramref name="fullName"/> (Python's `name=scope`, where the op takes its scope's name).</summary>
    public OpBuilder NewOperationExact(string type, string fullName) => new(this, type, fullName, uniquify: false);
}
