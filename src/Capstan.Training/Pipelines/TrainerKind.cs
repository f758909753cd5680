namespace Capstan.Training.Pipelines;

/// <summary>The ML.NET trainers a pipeline can try; which tasks each trains is in <see cref="Candidates.TrainerCatalog"/>.</summary>
public enum TrainerKind
{
    /// <summary>FastTree boosted trees (binary, regression): spec name <c>fasttree</c>.</summary>
    FastTree,

    /// <summary>LightGBM boosted trees (binary, multiclass, regression): spec name <c>lightgbm</c>.</summary>
    LightGbm,

    /// <summary>Stochastic dual coordinate ascent, a linear model (binary logistic, multiclass maximum entropy, regression): spec name <c>sdca</c>.</summary>
    Sdca,

    /// <summary>L-BFGS logistic regression (binary): spec name <c>lbfgs_logistic</c>.</summary>
    LbfgsLogistic,

    /// <summary>L-BFGS maximum entropy (multiclass): spec name <c>lbfgs_maxent</c>.</summary>
    LbfgsMaxent,
}
