// The smoke tests measure the process's CPU time: nothing else of this assembly may run beside them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
