namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static partial class train
    {
        /// <summary>
        /// tf.train.CheckpointSaverHook: saves DIR/model.ckpt-STEP right after the session is created,
        /// every save_steps global steps or save_secs seconds, and at the end; each save is logged as TF logs it
        /// ("Saving checkpoints for STEP into PATH.") when a <c>log</c> is given.
        /// </summary>
        public sealed class CheckpointSaverHook : SessionRunHook
        {
            private readonly string _checkpointDir;
            private readonly string _basename;
            private readonly double? _saveSecs;
            private readonly long? _saveSteps;
            private readonly Func<Saver> _saver;
            private readonly Action<string>? _log;
            private Tensor? _globalStep;
            private long? _lastSavedStep;
            private DateTime _lastSavedTime;

            public CheckpointSaverHook(string checkpoint_dir, double? save_secs = null, long? save_steps = null,
                Saver? saver = null, string checkpoint_basename = "model.ckpt", Scaffold? scaffold = null, Action<string>? log = null)
            {
                if (save_secs is null == save_steps is null) throw new ValueError("exactly one of save_secs or save_steps should be provided.");
                if (saver is not null && scaffold is not null) throw new ValueError("You cannot provide both saver and scaffold.");
                _checkpointDir = checkpoint_dir;
                _basename = checkpoint_basename;
                _saveSecs = save_secs;
                _saveSteps = save_steps;
                _log = log;
                _saver = () => saver ?? scaffold?.saver ?? throw new InvalidOperationException("CheckpointSaverHook needs a saver or a finalized scaffold.");
            }

            /// <summary>The prefixes saved, oldest first.</summary>
            public List<string> Saved { get; } = new();

            public override void begin()
            {
                _globalStep = (get_global_step() ?? throw new InvalidOperationException("Global step should be created to use CheckpointSaverHook.")).Snapshot;
                Directory.CreateDirectory(_checkpointDir);
            }

            public override void after_create_session(Session session, Coordinator coord) => Save(session, GlobalStep.Read(session, _globalStep!));

            public override SessionRunArgs? before_run(SessionRunContext run_context) => new(_globalStep);

            public override void after_run(SessionRunContext run_context, SessionRunValues run_values)
            {
                var stale = GlobalStep.From(run_values.results) + 1;
                if (!Due(stale)) return;
                var step = GlobalStep.Read(run_context.session, _globalStep!);
                if (Due(step)) Save(run_context.session, step);
            }

            public override void end(Session session)
            {
                var step = GlobalStep.Read(session, _globalStep!);
                if (step != _lastSavedStep) Save(session, step);
            }

            private bool Due(long step) => _lastSavedStep is not { } last || (_saveSteps is { } n
                ? step >= last + n
                : DateTime.UtcNow - _lastSavedTime >= TimeSpan.FromSeconds(_saveSecs!.Value) && step != last);

            private void Save(Session session, long step)
            {
                var path = Path.Combine(_checkpointDir, _basename);
                _log?.Invoke($"Saving checkpoints for {step} into {path}.");
                Saved.Add(_saver().save(session, path, step));
                _lastSavedStep = step;
                _lastSavedTime = DateTime.UtcNow;
            }
        }

        /// <summary>tf.train.NanTensorHook: stops (or fails, by default) when the loss is NaN.</summary>
        public sealed class NanTensorHook(Tensor loss_tensor, bool fail_on_nan_loss = true) : SessionRunHook
        {
            public override SessionRunArgs? before_run(SessionRunContext run_context) => new(loss_tensor);

            public override void after_run(SessionRunContext run_context, SessionRunValues run_values)
            {
                var loss = ((NumSharp.NDArray)run_values.results!).astype(NumSharp.NPTypeCode.Double).GetDouble();
                if (!double.IsNaN(loss)) return;
                const string message = "Model diverged with loss = NaN.";
                if (fail_on_nan_loss) throw new NanLossDuringTrainingError(message);
                Console.Error.WriteLine(message);
                run_context.request_stop();
            }
        }

        /// <summary>tf.train.LoggingTensorHook: prints "name = value, ..." every N runs (or seconds), first run included.</summary>
        public sealed class LoggingTensorHook : SessionRunHook
        {
            private readonly IReadOnlyList<(string Tag, Tensor Tensor)> _tensors;
            private readonly int? _everyN;
            private readonly double? _everySecs;
            private readonly Action<string> _log;
            private long _iter;
            private DateTime? _last;
            private bool _due;

            public LoggingTensorHook(IReadOnlyDictionary<string, Tensor> tensors, int? every_n_iter = null, double? every_n_secs = null, Action<string>? log = null)
            {
                if (every_n_iter is null == every_n_secs is null) throw new ValueError("either at_end and/or exactly one of every_n_iter and every_n_secs must be provided.");
                if (every_n_iter <= 0) throw new ValueError($"invalid every_n_iter={every_n_iter}.");
                _tensors = tensors.Select(kv => (kv.Key, kv.Value)).ToList();
                _everyN = every_n_iter;
                _everySecs = every_n_secs;
                _log = log ?? Console.Error.WriteLine;
            }

            public override SessionRunArgs? before_run(SessionRunContext run_context)
            {
                _due = _last is null || (_everyN is { } n ? _iter % n == 0 : DateTime.UtcNow - _last >= TimeSpan.FromSeconds(_everySecs!.Value));
                return _due ? new SessionRunArgs(_tensors.Select(t => t.Tensor).ToArray()) : null;
            }

            public override void after_run(SessionRunContext run_context, SessionRunValues run_values)
            {
                if (_due)
                {
                    var values = (object?[])run_values.results!;
                    _log(string.Join(", ", _tensors.Select((t, i) => $"{t.Tag} = {values[i]}")));
                    _last = DateTime.UtcNow;
                }
                _iter++;
            }
        }
    }
}

/// <summary>NanTensorHook's error when the loss became NaN.</summary>
public sealed class NanLossDuringTrainingError(string message) : Exception(message);
