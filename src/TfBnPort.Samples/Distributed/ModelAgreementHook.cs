using NumSharp;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Samples;

/// <summary>
/// Checks, once a worker's session is ready, that its graph agrees with the model on the ps. TF 1.15
/// itself does not: the ps keeps one variable per name, created by the first graph that ran it (the
/// chief's init), and a worker whose graph declares another shape for that name reads the ps's tensor
/// as is and fails later in some kernel with an unrelated shape error. Here every variable's value is
/// read once (as a restore would move it) and its shape compared with this graph's declaration; a
/// mismatch is TF's InvalidArgument, naming both tasks and the variable. (A Shape op would be cheaper
/// but cannot tell: grappler's constant folding replaces the Shape of a statically known shape with
/// a constant of the declared one.)
/// </summary>
public sealed class ModelAgreementHook(string taskName, string chiefName = "/job:worker/task:0") : SessionRunHook
{
    private List<Variable> _variables = new();

    public override void begin() => _variables = tf.global_variables().Where(v => v.Shape.IsFullyDefined).ToList();

    public override void after_create_session(Session session, Coordinator coord)
    {
        if (_variables.Count == 0) return;
        var values = (object?[])session.run(_variables.Select(v => (object)v.Snapshot).ToArray())!;
        for (var i = 0; i < _variables.Count; i++)
        {
            var onPs = ((NDArray)values[i]!).shape.Select(d => (long)d).ToArray();
            var variable = _variables[i];
            var here = variable.Shape.Dims!;
            if (!onPs.SequenceEqual(here))
                throw new TensorflowException(TF_Code.InvalidArgument,
                    $"The graph of {taskName} disagrees with the model on the ps that {chiefName} (the chief) created: variable '{variable.OpName}' " +
                    $"({variable.Device}) is [{string.Join(",", onPs)}] there but [{string.Join(",", here)}] in {taskName}'s graph. " +
                    "Every worker must build the same graph: run the same sample with the same options and the same tfbnport version on every task, " +
                    "or restart the ps (and clear the checkpoint folder) to start a new model.");
        }
    }
}
