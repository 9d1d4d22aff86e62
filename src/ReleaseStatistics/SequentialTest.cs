namespace ReleaseStatistics;

/// <summary>
/// A test that may be looked at as often as one likes: the mixture sequential probability ratio test (mSPRT) of
/// Johari, Pekelis and Walsh ("Always valid inference", 2017), as A/B testing platforms use it for results watched
/// continuously. For an estimate θ̂ of an effect, approximately normal with variance V under "no effect", and a normal
/// mixture N(0, τ²) over the effects it looks for, the likelihood ratio is
/// Λ = √(V / (V + τ²)) · exp(τ² θ̂² / (2V (V + τ²))). Under no effect Λ is a martingale, so the chance that it ever
/// reaches 1/α, at any of any number of looks as the data accumulates, is at most α (Ville's inequality): a canary
/// judged every second is not rolled back by chance more often than one judged once. τ is the size of effect the test
/// is tuned to find soonest; larger effects are found sooner still.
/// </summary>
public static class SequentialTest
{
    /// <summary>ln Λ for an estimate and its variance (both on the same scale as <paramref name="tau"/>).</summary>
    public static double LogLikelihoodRatio(double estimate, double variance, double tau)
    {
        if (variance <= 0)
        {
            return 0;
        }

        var tau2 = tau * tau;
        return (0.5 * Math.Log(variance / (variance + tau2))) + (tau2 * estimate * estimate / (2 * variance * (variance + tau2)));
    }

    /// <summary>
    /// Whether the effect is surely above zero: the estimate is positive and Λ has reached 1/α. Asking also for the
    /// sign only removes rejections, so the chance of ever rejecting under no effect stays at most α.
    /// </summary>
    public static bool ShowsIncrease(double estimate, double variance, double tau, double alpha) =>
        estimate > 0 && LogLikelihoodRatio(estimate, variance, tau) >= Math.Log(1 / alpha);

    /// <summary>The always-valid p-value of this look alone: min(1, 1/Λ).</summary>
    public static double PValue(double estimate, double variance, double tau) =>
        Math.Min(1, Math.Exp(-LogLikelihoodRatio(estimate, variance, tau)));
}
