// SPDX-License-Identifier: GPL-2.0-only
// Benchmark of the resilience analysis (doc/resilience.md, issue 7): every single and double
// failure of a generated topology (default: 100 peering locations, 500 circuits, 200 VNets, 250
// sites). Prints the wall time of the analysis (graph, every failure set, findings; the goal is
// under 10 s at depth 2), failure sets per second, the work done and the peak memory. With
// --out=DIR it also writes the generated scenario and the report, and times the writing.
#include "../test/expressroute-resilience-generator.h"
#include "expressroute-backbone-reader.h"
#include "expressroute-command-line.h"
#include "expressroute-geography-reader.h"
#include "expressroute-output-writer.h"
#include "expressroute-resilience-analysis.h"
#include "expressroute-resilience-report.h"
#include "expressroute-resiliency-score.h"
#include "expressroute-scenario-loader.h"


#include <chrono>
#include <cstdio>
#include <sys/resource.h>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

double
Since(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int
main(int argc, char* argv[])
{
    test::GeneratedSize size;
    uint32_t depth = 2;
    std::string outDir;
    ProgramCommandLine cmd(__FILE__,
                           "Benchmark of the resilience analysis (doc/resilience.md): every single "
                           "and double failure of a generated topology; prints the wall time (goal "
                           "under 10 s at depth 2), failure sets per second, the work done and the "
                           "peak memory; --out=DIR also writes the scenario and the report.");
    cmd.AddValue("locations", "peering locations used", size.locations);
    cmd.AddValue("circuits", "circuits", size.circuits);
    cmd.AddValue("vnets", "VNets", size.vnets);
    cmd.AddValue("sites", "on-premises sites", size.sites);
    cmd.AddValue("providers", "connectivity providers", size.providers);
    cmd.AddValue("seed", "generator seed", size.seed);
    cmd.AddValue("depth", "1 or 2", depth);
    cmd.AddValue("out", "also write the scenario and the report into this directory", outDir);
    cmd.Parse(argc, argv);
    if (depth != 1 && depth != 2)
    {
        std::fprintf(stderr, "error: --depth=%u: must be 1 or 2\n", depth);
        return 2;
    }

    auto geography = ReadGeography();
    auto backbone = ReadBackbone(DefaultDataDir(), geography);
    auto t0 = std::chrono::steady_clock::now();
    const std::string json = test::GenerateResilienceScenarioJson(size, geography);
    const Scenario scenario = LoadScenarioString(json, "generated", geography);
    const double loadSeconds = Since(t0);

    t0 = std::chrono::steady_clock::now();
    const ResilienceGraph graph(scenario, geography, backbone);
    const ResilienceAnalysis analysis(graph);
    const ResilienceResult result = analysis.Run(depth);
    const double analysisSeconds = Since(t0);
    const auto findings = FindResilienceFindings(graph, analysis, result);
    const auto scores = ComputeResiliencyScores(scenario);
    const double totalSeconds = Since(t0);

    double writeSeconds = 0;
    if (!outDir.empty())
    {
        t0 = std::chrono::steady_clock::now();
        RunDirectory dir(outDir, ResilienceRunOwner());
        dir.Write("scenario.json", json);
        dir.Write("failure-sets.csv", FormatFailureSetsCsv(graph, result));
        dir.Write("effects.csv", FormatFailureEffectsCsv(graph, analysis, result));
        dir.Write("pairs.csv", FormatPairsCsv(graph, analysis, result, findings));
        dir.Write("scores.csv", FormatScoresCsv(scores));
        dir.Write(
            "summary.json",
            FormatResilienceSummaryJson(graph, analysis, result, findings, scores, totalSeconds));
        dir.Write("digest.txt", FormatResilienceDigest(graph, result, findings, scores));
        dir.Commit();
        writeSeconds = Since(t0);
    }

    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    std::printf("topology: %zu sites, %zu circuits, %zu peering locations, %zu VNets, %zu "
                "site-VNet pairs, %zu failable elements\n",
                graph.GetSites().size(), graph.GetCircuits().size(), graph.GetLocations().size(),
                graph.GetVnets().size(), graph.GetPairs().size(), graph.GetElements().size());
    std::printf("generate + load scenario: %.3f s\n", loadSeconds);
    std::printf("depth %u: %llu failure sets (%llu double), %llu doubles evaluated jointly, "
                "%zu with a joint effect, %llu pair evaluations, %llu backbone views\n",
                depth, static_cast<unsigned long long>(result.failureSets),
                static_cast<unsigned long long>(result.doubleSets),
                static_cast<unsigned long long>(result.jointDoubles),
                result.compoundDoubles.size(),
                static_cast<unsigned long long>(result.pairEvaluations),
                static_cast<unsigned long long>(result.backboneViews));
    std::printf("analysis: %.3f s; with findings and scores: %.3f s (goal < 10 s)\n",
                analysisSeconds, totalSeconds);
    std::printf("failure sets per second: %.0f\n", result.failureSets / totalSeconds);
    if (!outDir.empty())
    {
        std::printf("writing the report to %s: %.3f s\n", outDir.c_str(), writeSeconds);
    }
    std::printf("peak memory (max RSS): %.1f MB\n", usage.ru_maxrss / 1024.0);
    return 0;
}
