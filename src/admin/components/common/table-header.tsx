import { Table } from "@medusajs/ui"
import { isValidElement, type ReactNode } from "react"

/**
 * A table's header row from its column titles: a string is a plain header cell,
 * "" the narrow column of a row's "…" menu, an element (e.g. a select-all
 * checkbox cell) stands as it is.
 */
export const TableHeader = ({ columns }: { columns: ReactNode[] }) => (
  <Table.Header>
    <Table.Row>
      {columns.map((column, i) =>
        isValidElement(column) ? (
          column
        ) : column === "" ? (
          // Sticky like the rows' "…" cells (grant-row.tsx), for tables that scroll sideways on a phone.
          <Table.HeaderCell key={i} className="bg-ui-bg-subtle w-12 pr-6" style={{ position: "sticky", right: 0, zIndex: 1 }} />
        ) : (
          <Table.HeaderCell key={i}>{column}</Table.HeaderCell>
        )
      )}
    </Table.Row>
  </Table.Header>
)
