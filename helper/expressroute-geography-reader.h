// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_GEOGRAPHY_READER_H
#define EXPRESSROUTE_GEOGRAPHY_READER_H

#include "ns3/ptr.h"

#include <string>

namespace ns3
{
namespace expressroute
{

class Geography;

/// The data directory: $EXPRESSROUTE_DATA_DIR if set, otherwise the source tree's data/.
std::string DefaultDataDir();

/**
 * Reads data/regions.csv and data/peering_locations.csv into a Geography. Throws
 * DataFileError naming the file and line on a bad file.
 */
Ptr<Geography> ReadGeography(const std::string& dataDir = DefaultDataDir());

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_GEOGRAPHY_READER_H
