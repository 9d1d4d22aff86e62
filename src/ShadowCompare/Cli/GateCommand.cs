using System.CommandLine;
using Microsoft.Extensions.Options;
using ShadowCompare.Gate;
using ShadowCompare.Reporting;
using ShadowCompare.Storage;

namespace ShadowCompare.Cli;

/// <summary>
/// <c>gate</c>: exits 0 when a candidate passes the thresholds over its stored comparisons, 1 when it fails, with a
/// one-line reason, and 2 when it cannot judge (no such store, a bad option). The thresholds' defaults are the
/// configured <c>ShadowCompare:Gate</c> (see <see cref="CommonOptions.Settings"/>).
/// </summary>
internal static class GateCommand
{
    public static Command Create()
    {
        var settings = CommonOptions.Settings();
        var defaults = settings.Gate;
        var store = CommonOptions.Store();
        var model = CommonOptions.Model();
        var candidate = new Option<string>("--candidate") { Description = "The candidate version.", Required = true };
        var minAgreement = new Option<double>("--min-agreement") { Description = "Lowest share of agreeing rows.", DefaultValueFactory = _ => defaults.MinAgreement };
        var maxP99Ratio = new Option<double>("--max-p99-ratio") { Description = "Highest candidate p99 / primary p99.", DefaultValueFactory = _ => defaults.MaxP99Ratio };
        var minSamples = new Option<long>("--min-samples") { Description = "Fewest compared rows.", DefaultValueFactory = _ => defaults.MinSamples };
        var maxFailureRate = new Option<double>("--max-failure-rate") { Description = "Highest share of failed comparisons.", DefaultValueFactory = _ => defaults.MaxFailureRate };
        var confidence = new Option<double>("--confidence") { Description = "How sure the gate must be (agreement's lower bound, failures' upper bound, the latency test).", DefaultValueFactory = _ => defaults.Confidence };
        var minLatencyIncrease = new Option<double>("--min-latency-increase") { Description = "Smallest median latency rise (a share) that counts as a regression.", DefaultValueFactory = _ => defaults.MinLatencyIncrease };
        var minLatencyEffect = new Option<double>("--min-latency-effect") { Description = "Smallest effect (chance a candidate latency exceeds a primary one) that counts.", DefaultValueFactory = _ => defaults.MinLatencyEffect };
        var minScore = new Option<double>("--min-score") { Description = "Lowest release score (0 to 100) that passes.", DefaultValueFactory = _ => defaults.MinScore };
        var failPastNoise = new Option<bool>("--fail-past-noise")
        {
            Description = "With a noise floor, fail when any field differs past the noise (true or false).",
            DefaultValueFactory = _ => defaults.FailPastNoise,
        };
        var source = new Option<string>("--source") { Description = "live, diff, replay or all.", DefaultValueFactory = _ => ReportService.AllSources };
        var baseline = CommonOptions.Baseline();
        var command = new Command("gate", "Pass or fail a candidate for promotion (exit 0 or 1).") { store, model, candidate, baseline, minAgreement, maxP99Ratio, minSamples, maxFailureRate, confidence, minLatencyIncrease, minLatencyEffect, minScore, failPastNoise, source };
        command.SetAction(parse =>
        {
            if (!CommonOptions.StoreExists("gate", parse.GetValue(store)!))
            {
                return 2;
            }

            var thresholds = new GateThresholds
            {
                MinAgreement = parse.GetValue(minAgreement),
                MaxP99Ratio = parse.GetValue(maxP99Ratio),
                MinSamples = parse.GetValue(minSamples),
                MaxFailureRate = parse.GetValue(maxFailureRate),
                Confidence = parse.GetValue(confidence),
                MinLatencyIncrease = parse.GetValue(minLatencyIncrease),
                MinLatencyEffect = parse.GetValue(minLatencyEffect),
                MinScore = parse.GetValue(minScore),
                FailPastNoise = parse.GetValue(failPastNoise),
            };
            var reports = new ReportService(new ComparisonStore(parse.GetValue(store)!), Options.Create(settings), TimeProvider.System);
            var verdict = reports.Build(parse.GetValue(model)!, parse.GetValue(candidate), parse.GetValue(source)!, thresholds: thresholds, baseline: parse.GetValue(baseline))?.Verdict
                ?? new Verdict(false, $"FAIL {parse.GetValue(candidate)}: no comparisons of {parse.GetValue(model)} {parse.GetValue(candidate)} are stored", thresholds);
            Console.WriteLine(verdict.Reason);
            return verdict.Passed ? 0 : 1;
        });
        return command;
    }
}
