export { useSessionState, useI18n } from './hooks';
export { LanguagePicker } from './LanguagePicker';
export { VideoTile, RemoteAudio } from './VideoTile';
export { ChatPanel, type ChatLabels } from './ChatPanel';
export { useAudioLevel } from './useAudioLevel';
export { ScreenShareButton, type ScreenShareLabels } from './ScreenShareButton';
export { QualityIndicator } from './QualityIndicator';
export { useDeviceCheck, deviceCheckLabels, DeviceCheckPreview, DeviceCheckPickers, type DeviceCheckState, type DeviceCheckLabels } from './DeviceCheck';
