// BENCH_COMPARE=<git ref | directory>: the plugin as it was at another commit,
// measured in the same run for the request-overhead figure (issue 12: "measure
// both as alternating pairs in one run on the same machine").
//
// A git ref (e.g. 695bf75, the last commit before byte metering) is exported
// with `git archive` into .tmp/bench/compare-<ref> (no worktree, nothing in
// .git changes), its node_modules linked to this checkout's, and built with
// `medusa plugin:build` (once: the sources of a commit never change). A
// directory (a checkout of the other version with its own node_modules) is
// built on every run, as this checkout is. The second Medusa is that
// version's own bench host (`<dir>/bench/host`), on its own port and database.
import { spawnSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"

export function prepareComparePlugin(root, spec, work, log) {
  const medusaCli = path.join(root, "node_modules", "@medusajs", "cli", "cli.js")
  let dir
  let label
  let build = true
  if (fs.existsSync(spec) && fs.statSync(spec).isDirectory()) {
    dir = path.resolve(spec)
    const head = spawnSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: dir, encoding: "utf8" })
    label = head.status === 0 ? `${path.basename(dir)} @ ${head.stdout.trim()}` : path.basename(dir)
  } else {
    const rev = spawnSync("git", ["rev-parse", "--short=12", `${spec}^{commit}`], { cwd: root, encoding: "utf8" })
    if (rev.status !== 0) throw new Error(`BENCH_COMPARE=${spec}: neither a directory nor a commit (${rev.stderr.trim()})`)
    const commit = rev.stdout.trim()
    label = commit
    dir = path.join(work, `compare-${commit}`)
    build = !fs.existsSync(path.join(dir, ".medusa", "server", "src"))
    if (!fs.existsSync(path.join(dir, "package.json"))) {
      log(`compare: exporting ${commit} to ${path.relative(root, dir)}…`)
      fs.rmSync(dir, { recursive: true, force: true })
      fs.mkdirSync(dir, { recursive: true })
      const archive = spawnSync("sh", ["-c", `git archive ${commit} | tar -x -C '${dir}'`], { cwd: root, stdio: "inherit" })
      if (archive.status !== 0) throw new Error(`git archive ${commit} failed`)
    }
    const nm = path.join(dir, "node_modules")
    if (!fs.existsSync(nm)) fs.symlinkSync(fs.realpathSync(path.join(root, "node_modules")), nm, "dir")
  }
  const host = path.join(dir, "bench", "host")
  if (!fs.existsSync(path.join(host, "medusa-config.ts"))) throw new Error(`BENCH_COMPARE: ${host} has no medusa-config.ts`)
  if (build) {
    log(`compare: building the plugin in ${dir}…`)
    const r = spawnSync(process.execPath, [medusaCli, "plugin:build"], { cwd: dir, stdio: "ignore" })
    if (r.status !== 0) throw new Error(`compare: plugin:build failed in ${dir}`)
  }
  const link = path.join(host, "node_modules", "medusa-plugin-digital-delivery")
  fs.mkdirSync(path.dirname(link), { recursive: true })
  if (!fs.existsSync(link)) fs.symlinkSync(path.relative(path.dirname(link), dir), link, "dir")
  return { dir, host, label }
}
