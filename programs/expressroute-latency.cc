// SPDX-License-Identifier: GPL-2.0-only
// expressroute-latency: the model's round-trip time between every pair of Azure regions it
// knows, from the fitted backbone (doc/backbone.md), as CSV regionA,regionB,rtt_ms.
#include "expressroute-backbone-reader.h"
#include "expressroute-backbone.h"
#include "expressroute-command-line.h"
#include "expressroute-csv-reader.h"
#include "expressroute-geography-reader.h"
#include "expressroute-geography.h"
#include "expressroute-output-writer.h"

#include <fstream>
#include <iostream>
#include <sstream>

using namespace ns3;
using namespace ns3::expressroute;

int
main(int argc, char* argv[])
{
    std::string out;
    ProgramCommandLine cmd(__FILE__,
                           "Writes the model's round-trip time between every pair of Azure "
                           "regions, from the fitted backbone (doc/backbone.md), as CSV "
                           "regionA,regionB,rtt_ms.");
    cmd.AddValue("out", "output CSV file (default: standard output)", out);
    cmd.SetMetavar("out", "FILE");
    cmd.Parse(argc, argv);
    try
    {
        auto geography = ReadGeography();
        auto backbone = ReadBackbone(DefaultDataDir(), geography);
        std::ostringstream csv;
        csv << "regionA,regionB,rtt_ms\n";
        const auto regions = backbone->GetRouters();
        for (const auto& a : regions)
        {
            for (const auto& b : regions)
            {
                if (a != b)
                {
                    csv << a << ',' << b << ','
                        << FormatFixed(backbone->GetRtt(a, b).GetSeconds() * 1000.0, 3) << '\n';
                }
            }
        }
        if (out.empty())
        {
            std::cout << csv.str();
            return 0;
        }
        WriteOwnFile("out", out, csv.str(), "expressroute-latency", [](const std::string& text) {
            return text.rfind("regionA,regionB,rtt_ms\n", 0) == 0; // our header, first line
        });
        std::cerr << "wrote " << regions.size() * (regions.size() - 1) << " region pairs to "
                  << out << "\n";
        return 0;
    }
    catch (const std::exception& e)
    {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}
