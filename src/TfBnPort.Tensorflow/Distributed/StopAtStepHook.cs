namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static partial class train
    {
        /// <summary>tf.train.StopAtStepHook: stop once global_step reaches last_step (or num_steps more than at session creation).</summary>
        public sealed class StopAtStepHook : SessionRunHook
        {
            private long? _lastStep;
            private readonly long? _numSteps;
            private Tensor? _globalStep;

            public StopAtStepHook(long? num_steps = null, long? last_step = null)
            {
                if (num_steps is null == last_step is null) throw new ValueError("One of num_steps or last_step must be specified.");
                if (num_steps < 0) throw new ValueError($"num_steps must be 0 or more, got {num_steps}.");
                _numSteps = num_steps;
                _lastStep = last_step;
            }

            public override void begin() =>
                _globalStep = (get_global_step() ?? throw new InvalidOperationException("Global step should be created to use StopAtStepHook.")).Snapshot;

            public override void after_create_session(Session session, Coordinator coord)
            {
                if (_lastStep is null) _lastStep = GlobalStep.Read(session, _globalStep!) + _numSteps;
            }

            public override SessionRunArgs? before_run(SessionRunContext run_context) => new(_globalStep);

            public override void after_run(SessionRunContext run_context, SessionRunValues run_values)
            {
                // The fetched value is from before this step's update: +1 is the step just made; re-read before stopping.
                if (GlobalStep.From(run_values.results) + 1 >= _lastStep && GlobalStep.Read(run_context.session, _globalStep!) >= _lastStep)
                    run_context.request_stop();
            }
        }
    }
}

/// <summary>Reads an int32/int64 global_step value.</summary>
internal static class GlobalStep
{
    public static long Read(Session session, Tensor globalStep) => From(session.run(globalStep));

    public static long From(object? value) => value switch
    {
        NumSharp.NDArray a when a.typecode == NumSharp.NPTypeCode.Int64 => a.GetInt64(),
        NumSharp.NDArray a => a.GetInt32(),
        _ => throw new TypeError($"global_step value {value} is not an int32/int64 tensor value."),
    };
}
