// Vietnamese input engine (Telex and VNI) for the on-screen keyboard. See README.md.
export {
  applyKey,
  applyKeyToSelection,
  deleteBackward,
  typeString,
  restyle,
  DEFAULT_OPTIONS,
  type EditResult,
  type EngineOptions,
  type Method,
  type ToneStyle,
} from './engine';
