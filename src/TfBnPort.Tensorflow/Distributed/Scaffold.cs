namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static partial class train
    {
        /// <summary>
        /// tf.train.Scaffold: the ops a MonitoredSession needs, each defaulted at finalize() as TF 1.15 does:
        /// init_op = global_variables_initializer, ready_op = report_uninitialized_variables() (global and
        /// local), ready_for_local_init_op = report_uninitialized_variables(global_variables()),
        /// local_init_op = local_variables_initializer, saver = the SAVERS collection's or a new Saver.
        /// </summary>
        public sealed class Scaffold(Operation? init_op = null, FeedDict? init_feed_dict = null, Action<Scaffold, Session>? init_fn = null,
            Tensor? ready_op = null, Tensor? ready_for_local_init_op = null, Operation? local_init_op = null, Saver? saver = null)
        {
            public Operation? init_op { get; private set; } = init_op;
            public FeedDict? init_feed_dict { get; } = init_feed_dict;
            public Action<Scaffold, Session>? init_fn { get; } = init_fn;
            public Tensor? ready_op { get; private set; } = ready_op;
            public Tensor? ready_for_local_init_op { get; private set; } = ready_for_local_init_op;
            public Operation? local_init_op { get; private set; } = local_init_op;
            public Saver? saver { get; private set; } = saver;
            public bool IsFinalized { get; private set; }

            /// <summary>Builds the missing ops in <paramref name="graph"/> (once).</summary>
            public Scaffold finalize(Graph graph)
            {
                if (IsFinalized) return this;
                using var _ = graph.as_default();
                init_op ??= global_variables_initializer();
                ready_op ??= report_uninitialized_variables();
                ready_for_local_init_op ??= report_uninitialized_variables(global_variables());
                local_init_op ??= local_variables_initializer();
                saver ??= graph.GetCollection(GraphKeys.SAVERS).OfType<Saver>().FirstOrDefault() ?? Saver();
                IsFinalized = true;
                return this;
            }
        }
    }
}
