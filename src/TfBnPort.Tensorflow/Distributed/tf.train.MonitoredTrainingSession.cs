using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static partial class train
    {
        /// <summary>
        /// tf.train.MonitoredTrainingSession: the chief (<paramref name="is_chief"/>) initializes or restores
        /// the model from <paramref name="checkpoint_dir"/> and saves checkpoints (every
        /// <paramref name="save_checkpoint_secs"/>, 600 by default, or <paramref name="save_checkpoint_steps"/>;
        /// 0 turns saving off); the other workers wait until the model is ready. <paramref name="hooks"/> run
        /// on every task, <paramref name="chief_only_hooks"/> on the chief. Build the whole graph first.
        /// </summary>
        public static MonitoredSession MonitoredTrainingSession(string master = "", bool is_chief = true, string? checkpoint_dir = null,
            Scaffold? scaffold = null, IEnumerable<SessionRunHook>? hooks = null, IEnumerable<SessionRunHook>? chief_only_hooks = null,
            double? save_checkpoint_secs = null, long? save_checkpoint_steps = null, ConfigProto? config = null,
            double stop_grace_period_secs = 120, double max_wait_secs = 7200, Graph? graph = null, Action<string>? log = null)
        {
            var g = graph ?? get_default_graph();
            scaffold ??= new Scaffold();
            var allHooks = (hooks ?? Enumerable.Empty<SessionRunHook>()).ToList();
            var logger = log ?? Console.Error.WriteLine;
            if (is_chief)
            {
                allHooks.AddRange(chief_only_hooks ?? Enumerable.Empty<SessionRunHook>());
                if (save_checkpoint_secs is null && save_checkpoint_steps is null) save_checkpoint_secs = 600;
                if (checkpoint_dir is not null && (save_checkpoint_secs > 0 || save_checkpoint_steps > 0))
                    allHooks.Add(new CheckpointSaverHook(checkpoint_dir, save_checkpoint_steps > 0 ? null : save_checkpoint_secs,
                        save_checkpoint_steps > 0 ? save_checkpoint_steps : null, scaffold: scaffold, log: logger));
            }
            Session Create()
            {
                scaffold.finalize(g);
                var manager = new SessionManager(g, scaffold) { Log = logger };
                return is_chief ? manager.prepare_session(master, checkpoint_dir, config) : manager.wait_for_session(master, config, max_wait_secs);
            }
            using (g.as_default())
                return new MonitoredSession(Create, allHooks, stop_grace_period_secs, max_wait_secs) { Log = logger };
        }
    }
}
