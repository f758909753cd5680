using Capstan.Training.Pipelines;

namespace Capstan.Training.Candidates;

/// <summary>The trainers a spec may name: their spec names, the tasks each trains and the hyperparameters each takes.</summary>
public static class TrainerCatalog
{
    private static readonly HyperParameter Trees = new("number_of_trees", true, 1, 5000);
    private static readonly HyperParameter Iterations = new("number_of_iterations", true, 1, 5000);
    private static readonly HyperParameter Leaves = new("number_of_leaves", true, 2, 1024);
    private static readonly HyperParameter MinLeafRows = new("minimum_example_count_per_leaf", true, 1, 10_000);
    private static readonly HyperParameter LearningRate = new("learning_rate", false, 1e-6, 1);
    private static readonly HyperParameter L1 = new("l1_regularization", false, 0, 1000);
    private static readonly HyperParameter L2 = new("l2_regularization", false, 0, 1000);
    private static readonly HyperParameter MaxIterations = new("maximum_number_of_iterations", true, 1, 10_000);
    private static readonly HyperParameter Tolerance = new("optimization_tolerance", false, 1e-12, 0.1);
    private static readonly HyperParameter History = new("history_size", true, 1, 100);

    /// <summary>Every trainer, in the order of <see cref="TrainerKind"/>.</summary>
    public static IReadOnlyList<TrainerKind> All { get; } = Enum.GetValues<TrainerKind>();

    /// <summary>The name a spec uses for <paramref name="trainer"/>.</summary>
    public static string SpecName(TrainerKind trainer) => trainer switch
    {
        TrainerKind.FastTree => "fasttree",
        TrainerKind.LightGbm => "lightgbm",
        TrainerKind.Sdca => "sdca",
        TrainerKind.LbfgsLogistic => "lbfgs_logistic",
        _ => "lbfgs_maxent",
    };

    /// <summary>The trainer a spec name stands for, or null for a name no trainer has.</summary>
    public static TrainerKind? FromSpecName(string name) => All.Cast<TrainerKind?>().FirstOrDefault(t => SpecName(t!.Value) == name);

    /// <summary>The tasks <paramref name="trainer"/> trains.</summary>
    public static IReadOnlyList<TrainingTask> Tasks(TrainerKind trainer) => trainer switch
    {
        TrainerKind.FastTree => [TrainingTask.Binary, TrainingTask.Regression],
        TrainerKind.LightGbm or TrainerKind.Sdca => [TrainingTask.Binary, TrainingTask.Multiclass, TrainingTask.Regression],
        TrainerKind.LbfgsLogistic => [TrainingTask.Binary],
        _ => [TrainingTask.Multiclass],
    };

    /// <summary>The hyperparameters <paramref name="trainer"/> takes; one not named in a spec keeps ML.NET's default.</summary>
    public static IReadOnlyList<HyperParameter> Parameters(TrainerKind trainer) => trainer switch
    {
        TrainerKind.FastTree => [Trees, Leaves, MinLeafRows, LearningRate],
        TrainerKind.LightGbm => [Iterations, Leaves, MinLeafRows, LearningRate],
        TrainerKind.Sdca => [L1, L2, MaxIterations],
        _ => [L1, L2, Tolerance, History],
    };
}
