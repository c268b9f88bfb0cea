import AssureCLI
import Foundation

exit(await AssureCLI.run(Array(CommandLine.arguments.dropFirst())))
