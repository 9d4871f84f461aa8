// SPDX-License-Identifier: GPL-2.0-only
// expressroute-resilience: every single (and double) failure of a scenario's elements, what it
// cuts, the capacity left and a resiliency score per gateway, without simulating packets.
// Prints the digest and writes the output directory atomically. doc/resilience.md.
#include "expressroute-backbone-reader.h"
#include "expressroute-command-line.h"
#include "expressroute-csv-reader.h"
#include "expressroute-geography-reader.h"
#include "expressroute-output-writer.h"
#include "expressroute-resilience-analysis.h"
#include "expressroute-resilience-report.h"
#include "expressroute-resiliency-score.h"
#include "expressroute-scenario-loader.h"

#include <chrono>
#include <iostream>

using namespace ns3;
using namespace ns3::expressroute;

int
main(int argc, char* argv[])
{
    std::string scenarioFile;
    std::string outDir;
    uint32_t depth = 2;
    ProgramCommandLine cmd(__FILE__,
                           "Resilience analysis without packets: every single and double failure "
                           "of a scenario's elements, what it cuts, the capacity left, and a "
                           "resiliency score per gateway (doc/resilience.md).");
    cmd.AddValue("scenario",
                 "scenario JSON file (default: the embedded default scenario)",
                 scenarioFile);
    cmd.AddValue("depth", "1: every single failure; 2: also every pair of failures", depth);
    cmd.AddValue("out", "output directory (default: runs/<scenario>-resilience-depth<D>)", outDir);
    cmd.SetMetavar("scenario", "FILE");
    cmd.SetMetavar("out", "DIR");
    cmd.AddExample("expressroute-resilience --scenario examples/scenarios/what-if-amsterdam.json "
                   "--depth=1");
    cmd.Parse(argc, argv);

    if (depth != 1 && depth != 2)
    {
        std::cerr << "error: --depth=" << depth << ": must be 1 or 2\n";
        return 2;
    }
    try
    {
        auto geography = ReadGeography();
        auto backbone = ReadBackbone(DefaultDataDir(), geography);
        const Scenario scenario =
            scenarioFile.empty()
                ? LoadScenarioString(DefaultScenarioJson(), "(embedded default)", geography)
                : LoadScenarioFile(scenarioFile, geography);
        if (outDir.empty())
        {
            outDir = "runs/" + scenario.name + "-resilience-depth" + std::to_string(depth);
        }
        RunDirectory dir(outDir, ResilienceRunOwner());

        const auto start = std::chrono::steady_clock::now();
        const ResilienceGraph graph(scenario, geography, backbone);
        const ResilienceAnalysis analysis(graph);
        const ResilienceResult result = analysis.Run(depth);
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

        const auto findings = FindResilienceFindings(graph, analysis, result);
        const auto scores = ComputeResiliencyScores(scenario);
        const std::string digest = FormatResilienceDigest(graph, result, findings, scores);
        dir.Write("failure-sets.csv", FormatFailureSetsCsv(graph, result));
        dir.Write("effects.csv", FormatFailureEffectsCsv(graph, analysis, result));
        dir.Write("pairs.csv", FormatPairsCsv(graph, analysis, result, findings));
        dir.Write("scores.csv", FormatScoresCsv(scores));
        dir.Write("summary.json",
                  FormatResilienceSummaryJson(graph, analysis, result, findings, scores, wall));
        dir.Write("scenario.json", ScenarioToJson(scenario));
        dir.Write("digest.txt", digest);
        dir.Commit();
        std::cout << digest << "\n"
                  << result.failureSets << " failure sets analysed in " << wall << " s ("
                  << static_cast<uint64_t>(wall > 0 ? result.failureSets / wall : 0)
                  << " per second)\noutput directory: " << dir.GetFinalPath() << "\n";
        if (!dir.GetKeptAside().empty())
        {
            std::cerr << "note: files added to the earlier analysis at " << dir.GetFinalPath()
                      << " during this one are kept in " << dir.GetKeptAside() << "\n";
        }
        return 0;
    }
    catch (const ScenarioLoadError& e)
    {
        std::cerr << e.what() << "\n";
        return 1;
    }
    catch (const DataFileError& e)
    {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
    catch (const std::exception& e)
    {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}
