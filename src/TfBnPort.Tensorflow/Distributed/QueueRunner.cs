using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static partial class train
    {
        /// <summary>
        /// tf.train.QueueRunner (its one-thread-per-op form): each enqueue op runs in a loop on a
        /// background thread until the coordinator stops or the queue is closed (OutOfRange/Cancelled);
        /// any other error stops the coordinator and is reported through it.
        /// </summary>
        public sealed class QueueRunner(object queue, IReadOnlyList<Operation> enqueue_ops)
        {
            public object queue { get; } = queue;
            public IReadOnlyList<Operation> enqueue_ops { get; } = enqueue_ops;

            public List<Thread> create_threads(Session sess, Coordinator coord, bool daemon = true, bool start = false)
            {
                var threads = enqueue_ops.Select((op, i) => new Thread(() => Loop(sess, coord, op))
                {
                    IsBackground = daemon,
                    Name = $"QueueRunner {op.Name}",
                }).ToList();
                foreach (var t in threads)
                {
                    coord.register_thread(t);
                    if (start) t.Start();
                }
                return threads;
            }

            private static void Loop(Session sess, Coordinator coord, Operation op)
            {
                try
                {
                    while (!coord.should_stop()) sess.run(op);
                }
                catch (TensorflowException e) when (e.Code is TF_Code.OutOfRange or TF_Code.Cancelled || coord.should_stop())
                {
                    // The queue was closed, or the session was closed under a stopping coordinator: a normal end.
                }
                catch (Exception e)
                {
                    coord.request_stop(e);
                }
            }
        }
    }
}
