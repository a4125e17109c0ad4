import { memo } from 'react';
import type { Block, Cue, Inline } from '../../../../electron/shared/prompter';

const cueIcons: Record<Cue['type'], string> = { scene: '🎬', card: '🏷', deal: '⚡', mark: '◆', pause: '⏸', note: '✎' };

/** A cue in the text: a small chip the reader sees (scene, card, deal...), measured as an anchor. */
function CueChip({ cue }: { cue: Cue }) {
  return (
    <span className={`cue cue-${cue.type}`} data-cue-id={cue.id} data-cue-type={cue.type} title={`${cue.type} ${cue.id}`}>
      <span aria-hidden>{cueIcons[cue.type]}</span>
      {cue.argument !== '' && <span className="cue-arg">{cue.argument}</span>}
    </span>
  );
}

function Inlines({ inlines }: { inlines: Inline[] }) {
  return (
    <>
      {inlines.map((inline, i) => {
        if (inline.kind === 'cue') return <CueChip key={i} cue={inline.cue} />;
        let node: React.ReactNode = inline.text;
        if (inline.em) node = <em>{node}</em>;
        if (inline.strong) node = <strong>{node}</strong>;
        return <span key={i}>{node}</span>;
      })}
    </>
  );
}

/** The script's blocks as reading text (shared by the prompter and the editor's preview). */
export const ScriptBlocks = memo(function ScriptBlocks({ blocks }: { blocks: Block[] }) {
  return (
    <>
      {blocks.map((block, i) =>
        block.kind === 'heading' ? (
          <div key={i} className={`script-heading level-${block.level}`} role="heading" aria-level={block.level}>
            <Inlines inlines={block.inlines} />
          </div>
        ) : (
          <p key={i} className="script-paragraph">
            <Inlines inlines={block.inlines} />
          </p>
        ),
      )}
    </>
  );
});
