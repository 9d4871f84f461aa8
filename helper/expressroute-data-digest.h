// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_DATA_DIGEST_H
#define EXPRESSROUTE_DATA_DIGEST_H

// Ties a run to the data files it read (regions, peering locations, backbone, latencies): where
// they came from and a SHA-256 digest of them, recorded in run.json (doc/outputs.md). SHA-256
// (FIPS 180-4) is implemented here because the module links no crypto library.

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// SHA-256 of @p bytes, as 64 lower-case hex digits.
std::string Sha256Hex(const std::string& bytes);

/// Where a run's data files came from.
struct DataProvenance
{
    std::string source; ///< "EXPRESSROUTE_DATA_DIR", "built-in" or "given" (a caller's own path)
    std::string dir;    ///< the directory
    std::string digest; ///< "sha256:<hex>" over the files, see DescribeDataDir
    std::vector<std::string> files; ///< the files digested, sorted by name
};

/**
 * Describes @p dir: the SHA-256 of, for each regular file directly in it in byte order of
 * names, the name, a newline, the size in bytes in decimal, a newline and the file's bytes.
 * Throws std::runtime_error naming the directory or file that cannot be read.
 */
DataProvenance DescribeDataDir(const std::string& dir);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_DATA_DIGEST_H
